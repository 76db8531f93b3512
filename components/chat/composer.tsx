"use client";

import { SendHorizontal } from "lucide-react";
import { type FormEvent, type KeyboardEvent, type Ref, useState } from "react";
import { Button } from "@/components/ui/button";

const MAX_LENGTH = 4000;

/** Enter sends, Shift+Enter starts a new line, Escape calls `onEscape` (e.g. to drop a reply). */
export function Composer({
  onSend,
  onTyping,
  onEscape,
  inputRef,
}: {
  onSend: (text: string) => void;
  onTyping?: () => void;
  onEscape?: () => void;
  inputRef?: Ref<HTMLTextAreaElement>;
}) {
  const [text, setText] = useState("");
  const isEmpty = text.trim().length === 0;
  const isTooLong = [...text].length > MAX_LENGTH;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (isEmpty || isTooLong) return;
    onSend(text);
    setText("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
    else if (event.key === "Escape" && onEscape) {
      event.preventDefault();
      onEscape();
    }
  };

  return (
    <form onSubmit={submit} className="flex items-end gap-2 border-t border-border p-3">
      <textarea
        ref={inputRef}
        aria-label="Message"
        aria-describedby={isTooLong ? "composer-error" : undefined}
        rows={1}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim()) onTyping?.();
        }}
        onKeyDown={onKeyDown}
        placeholder="Write a message"
        className="max-h-40 min-h-10 flex-1 resize-none rounded-md border border-border bg-background px-3 py-2 text-sm"
      />
      <Button type="submit" disabled={isEmpty || isTooLong} aria-label="Send">
        <SendHorizontal aria-hidden className="size-4" />
      </Button>
      {isTooLong ? (
        <p id="composer-error" role="alert" className="sr-only">
          Messages can be at most {MAX_LENGTH} characters.
        </p>
      ) : null}
    </form>
  );
}
