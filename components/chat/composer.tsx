"use client";

import { Paperclip, SendHorizontal } from "lucide-react";
import { type Ref, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { MessageDoc } from "@/lib/chat/body/schema";
import type { AttachmentDto } from "@/lib/chat/dto";
import { PendingUploads } from "./attachments/pending-uploads";
import type { AttachmentUploads } from "./attachments/use-attachment-uploads";
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
 * (e.g. to drop a reply). `onSend` receives the editor's document, ready for the API, and the
 * files attached to it once all of them are stored: a send asked for while files are still
 * uploading waits for them. A message of files alone needs no text.
 */
export function Composer({
  onSend,
  onTyping,
  onEscape,
  handleRef,
  uploads,
}: {
  onSend: (doc: MessageDoc, plainText: string, attachments: AttachmentDto[]) => void;
  onTyping?: () => void;
  onEscape?: () => void;
  handleRef?: Ref<ComposerHandle>;
  uploads: AttachmentUploads;
}) {
  const errorId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [isWaiting, setIsWaiting] = useState(false);
  const hasFiles = uploads.uploads.length > 0;
  const handle = useMessageEditor({
    label: "Message",
    placeholder: "Write a message",
    allowsEmpty: () => uploads.uploads.length > 0,
    onSubmit: (doc, plainText) => {
      if (uploads.isUploading || uploads.hasFailed) {
        // Kept in the editor; sent by the effect below once every file is stored.
        setIsWaiting(!uploads.hasFailed);
        return false;
      }
      onSend(doc, plainText, uploads.takeStored());
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
    onPasteFiles: (files) => {
      const images = files.filter((file) => file.type.startsWith("image/"));
      if (images.length === 0) return false;
      uploads.add(images);
      return true;
    },
  });
  const { editor, state, submit } = handle;
  useImperativeHandle(handleRef, () => ({ focus: () => editor?.commands.focus() }), [editor]);

  // The send asked for while uploading goes once the last file is stored; a failure cancels it
  // (the failed file says why, and the person retries or removes it).
  useEffect(() => {
    if (!isWaiting) return;
    if (uploads.hasFailed || !hasFiles) setIsWaiting(false);
    else if (!uploads.isUploading) {
      setIsWaiting(false);
      submit();
    }
  }, [isWaiting, uploads.isUploading, uploads.hasFailed, hasFiles, submit]);

  const canSend = (!state.isEmpty || hasFiles) && !state.isTooLong && !uploads.hasFailed;
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
        <PendingUploads uploads={uploads.uploads} onRemove={uploads.remove} onRetry={uploads.retry} />
        <div className="flex flex-wrap items-end gap-2 px-3 pb-2 pt-1">
          <Button
            variant="ghost"
            size="sm"
            className="px-2"
            aria-label="Attach files"
            onClick={() => fileInput.current?.click()}
          >
            <Paperclip aria-hidden className="size-4" />
          </Button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            tabIndex={-1}
            aria-hidden
            onChange={(event) => {
              uploads.add([...(event.currentTarget.files ?? [])]);
              // The same file may be chosen again after a removal.
              event.currentTarget.value = "";
            }}
          />
          <MessageEditor handle={handle} errorId={errorId} className="max-h-40 py-1" />
          <Button type="submit" size="sm" disabled={!canSend} aria-label="Send">
            <SendHorizontal aria-hidden className="size-4" />
          </Button>
        </div>
        <p aria-live="polite" className={isWaiting || uploads.refusal ? "px-3 pb-2 text-xs" : "sr-only"}>
          {uploads.refusal ? <span className="text-danger">{uploads.refusal}</span> : null}
          {isWaiting ? (
            <span className="text-muted-foreground"> Sending once the files are uploaded…</span>
          ) : null}
        </p>
      </div>
    </form>
  );
}
