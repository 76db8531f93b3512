"use client";

import { SendHorizontal } from "lucide-react";
import { type Ref, useId, useImperativeHandle } from "react";
import { Button } from "@/components/ui/button";
import type { MessageDoc } from "@/lib/chat/body/schema";
import { EmojiButton } from "./editor/emoji-button";
import { FormattingToolbar } from "./editor/formatting-toolbar";
import { LinkPopover } from "./editor/link-popover";
import { MessageEditor } from "./editor/message-editor";
import { useMessageEditor } from "./editor/use-message-editor";

export interface ComposerHandle {
  focus: () => void;
}

/**
 * The rich-text composer: Enter sends, Shift+Enter starts a new line, Escape calls `onEscape`
 * (e.g. to drop a reply). `onSend` receives the editor's document, ready for the API.
 */
export function Composer({
  onSend,
  onTyping,
  onEscape,
  handleRef,
}: {
  onSend: (doc: MessageDoc, plainText: string) => void;
  onTyping?: () => void;
  onEscape?: () => void;
  handleRef?: Ref<ComposerHandle>;
}) {
  const errorId = useId();
  const handle = useMessageEditor({
    label: "Message",
    placeholder: "Write a message",
    onSubmit: (doc, plainText) => {
      onSend(doc, plainText);
      return true;
    },
    onEscape: onEscape
      ? () => {
          onEscape();
          return true;
        }
      : undefined,
    onChange: (isEmpty) => {
      if (!isEmpty) onTyping?.();
    },
  });
  const { editor, state, submit } = handle;
  useImperativeHandle(handleRef, () => ({ focus: () => editor?.commands.focus() }), [editor]);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="border-t border-border p-3"
    >
      <div className="rounded-md border border-border bg-background focus-within:ring-2 focus-within:ring-ring/40">
        <FormattingToolbar editor={editor}>
          <LinkPopover editor={editor} open={handle.isLinkOpen} onOpenChange={handle.setIsLinkOpen} />
          <EmojiButton editor={editor} />
        </FormattingToolbar>
        <div className="flex flex-wrap items-end gap-2 px-3 pb-2 pt-1">
          <MessageEditor handle={handle} errorId={errorId} className="max-h-40 py-1" />
          <Button type="submit" size="sm" disabled={state.isEmpty || state.isTooLong} aria-label="Send">
            <SendHorizontal aria-hidden className="size-4" />
          </Button>
        </div>
      </div>
    </form>
  );
}
