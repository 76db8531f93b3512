"use client";

import { type FormEvent, type KeyboardEvent, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { chatApi } from "@/lib/chat/client/api";
import type { MessageDto } from "@/lib/chat/dto";

/** Replaces a message's text in place. Enter saves, Shift+Enter is a new line, Escape cancels. */
export function EditMessageForm({
  message,
  onSaved,
  onCancel,
}: {
  message: MessageDto;
  onSaved: (message: MessageDto) => void;
  onCancel: () => void;
}) {
  const { socketId } = useRealtime();
  const [text, setText] = useState(message.plainText);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const errorId = `edit-error-${message.id}`;

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (isSaving) return;
    if (!text.trim()) return setError("A message cannot be empty. Delete it instead.");
    if (text === message.plainText) return onCancel();
    setIsSaving(true);
    setError(null);
    try {
      onSaved(await chatApi.editMessage(message.conversationId, message.id, text, socketId));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Could not save the message.");
      setIsSaving(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      void save(event);
    }
  };

  return (
    <form onSubmit={(event) => void save(event)} className="mt-1 space-y-2">
      <textarea
        aria-label="Edit message"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        // biome-ignore lint/a11y/noAutofocus: the editor opens on request, so focus belongs in it
        autoFocus
        rows={2}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onFocus={(event) => event.currentTarget.setSelectionRange(text.length, text.length)}
        className="max-h-60 min-h-16 w-full resize-y rounded-md border border-border bg-background px-3 py-2 text-sm"
      />
      {error ? (
        <p id={errorId} role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={isSaving}>
          Save
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
