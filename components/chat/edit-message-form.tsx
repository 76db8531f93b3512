"use client";

import { useId, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import type { MessageDoc } from "@/lib/chat/body/schema";
import { chatApi } from "@/lib/chat/client/api";
import type { MessageDto } from "@/lib/chat/dto";
import { MessageEditor } from "./editor/message-editor";
import { useMessageEditor } from "./editor/use-message-editor";

const EMPTY = "A message cannot be empty. Delete it instead.";

/** Edits a message in the composer's editor. Enter saves, Shift+Enter is a new line, Escape cancels. */
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
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const errorId = useId();
  const limitId = useId();

  const save = async (doc: MessageDoc) => {
    setIsSaving(true);
    setError(null);
    try {
      onSaved(await chatApi.editMessage(message.conversationId, message.id, doc, socketId));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Could not save the message.");
      setIsSaving(false);
    }
  };
  const handle = useMessageEditor({
    label: "Edit message",
    initialContent: message.body,
    autofocus: true,
    onSubmit: (doc, _plainText, isChanged) => {
      // Nothing typed: closing is enough, and the message does not get marked as edited.
      if (!isChanged) onCancel();
      else if (!isSaving) void save(doc);
      // The form goes away once saved; until then the text stays for another try.
      return false;
    },
    onEscape: () => {
      onCancel();
      return true;
    },
    onSubmitResult: (result) => {
      if (result === "empty") setError(EMPTY);
    },
  });
  const { editor, submit } = handle;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (submit() === "empty") setError(EMPTY);
      }}
      className="mt-1 space-y-2"
    >
      <div className="flex flex-wrap rounded-md border border-border bg-background px-3 py-2">
        <MessageEditor handle={handle} errorId={limitId} className="max-h-60 min-h-10" />
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={isSaving || !editor}>
          Save
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
