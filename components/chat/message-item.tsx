"use client";

import { useMemo, useState } from "react";
import { UserAvatar } from "@/components/account/user-avatar";
import { isLargeEmojiMessage } from "@/lib/chat/client/emoji-only";
import type { MessageDto } from "@/lib/chat/dto";
import { cn } from "@/lib/utils";
import { MessageAttachments } from "./attachments/message-attachments";
import { EditMessageForm } from "./edit-message-form";
import { MessageActions } from "./message-actions";
import { DeleteMessageDialog } from "./message-actions-delete-dialog";
import { MessageBody } from "./message-body";
import { MessageReactions } from "./message-reactions";
import { ReplyPreview } from "./reply-preview";
import { useLongPress } from "./use-long-press";
import { useReactionToggle } from "./use-reaction-toggle";

export type DeliveryState = "pending" | "failed";

const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** The body as rich text; a pending message has no document yet, only the text being sent. */
function MessageText({ message }: { message: MessageDto }) {
  const isEdited = message.editedAt !== null;
  // The same element while the message is unchanged, so the memoised body is not re-rendered.
  const edited = useMemo(
    () => (isEdited ? <span className="ml-1 text-xs text-muted-foreground">(edited)</span> : null),
    [isEdited],
  );
  if (message.body.content.length === 0) {
    // A message of files alone: its plain text ("📎 photo.png") is for the sidebar and quotes.
    if (message.attachments.length > 0) return null;
    return (
      <p className="whitespace-pre-wrap break-words text-sm">
        {message.plainText}
        {edited}
      </p>
    );
  }
  return (
    <MessageBody doc={message.body} suffix={edited} isLargeEmoji={isLargeEmojiMessage(message.plainText)} />
  );
}

/** One message: author, time and body, rendered as React elements (never as HTML), with its actions. */
export function MessageItem({
  message,
  isGrouped,
  isOwn = false,
  isHighlighted = false,
  delivery,
  onRetry,
  onDiscard,
  onChanged,
  onReply,
  onJumpTo,
}: {
  message: MessageDto;
  /** Same author as the message above, close in time: no repeated name and avatar. */
  isGrouped: boolean;
  /** Written by the viewer: they may edit and delete it. */
  isOwn?: boolean;
  /** Briefly marked after a jump from a reply. */
  isHighlighted?: boolean;
  delivery?: DeliveryState;
  onRetry?: () => void;
  onDiscard?: () => void;
  /** The server's copy after an edit or delete, to merge into the list. */
  onChanged?: (message: MessageDto) => void;
  onReply?: (message: MessageDto) => void;
  onJumpTo?: (messageId: string) => void;
}) {
  const [isEditing, setIsEditing] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const authorName = message.author?.displayName ?? "Deleted user";
  const createdAt = new Date(message.createdAt);
  const isSaved = delivery === undefined;
  const isDeleted = message.deletedAt !== null;
  const changed = (next: MessageDto) => onChanged?.(next);
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  const canAct = isSaved && !isDeleted && !isEditing;
  // On touch screens a long press on the message opens its actions, as in other chat apps.
  const longPress = useLongPress(() => canAct && setIsMenuOpen(true), { ignore: "button, a, fieldset" });
  const { viewerId, setReaction, error: reactionError } = useReactionToggle(message);

  return (
    <article
      aria-label={`${authorName}, ${time.format(createdAt)}`}
      data-highlighted={isHighlighted || undefined}
      {...longPress.handlers}
      className={cn(
        "group relative flex gap-3 px-4 transition-colors duration-700 hover:bg-muted/40 focus-within:bg-muted/40",
        isGrouped ? "pt-0.5" : "pt-3",
        delivery === "pending" && "opacity-60",
        isHighlighted && "bg-primary/15 hover:bg-primary/15",
      )}
    >
      <div className="w-8 shrink-0">
        {isGrouped ? null : <UserAvatar name={authorName} avatar={message.author?.avatar ?? null} />}
      </div>
      <div className="min-w-0 flex-1">
        <div className={cn("flex items-baseline gap-2", isGrouped && "sr-only")}>
          <span className="text-sm font-semibold">{authorName}</span>
          <time dateTime={message.createdAt} className="text-xs text-muted-foreground">
            {time.format(createdAt)}
          </time>
        </div>
        {message.replyTo && !isDeleted ? <ReplyPreview replyTo={message.replyTo} onJump={onJumpTo} /> : null}
        {isDeleted ? (
          <p className="text-sm italic text-muted-foreground">Message deleted</p>
        ) : isEditing ? (
          <EditMessageForm
            message={message}
            onCancel={() => setIsEditing(false)}
            onSaved={(next) => {
              changed(next);
              setIsEditing(false);
            }}
          />
        ) : (
          <MessageText message={message} />
        )}
        {isDeleted || message.attachments.length === 0 ? null : (
          <MessageAttachments attachments={message.attachments} />
        )}
        {!isSaved || isDeleted ? null : (
          <MessageReactions
            reactions={message.reactions}
            viewerId={viewerId}
            onToggle={(emoji, isAdded) => void setReaction(emoji, isAdded)}
            error={reactionError}
          />
        )}
        {delivery === "pending" ? <p className="text-xs text-muted-foreground">Sending…</p> : null}
        {delivery === "failed" ? (
          <p className="flex items-center gap-2 text-xs text-danger">
            Not sent.
            <button type="button" className="underline" onClick={onRetry}>
              Retry
            </button>
            <button type="button" className="underline" onClick={onDiscard}>
              Discard
            </button>
          </p>
        ) : null}
      </div>
      {canAct ? (
        <MessageActions
          canReply={onReply !== undefined}
          canModify={isOwn}
          onReact={(emoji) => void setReaction(emoji, true)}
          isOpen={isMenuOpen}
          onOpenChange={setIsMenuOpen}
          className="absolute right-3 top-1 opacity-0 focus-visible:opacity-100 group-hover:opacity-100 group-focus-within:opacity-100 [@media(hover:none)]:static [@media(hover:none)]:opacity-100"
          onAction={(action) => {
            if (action === "reply") onReply?.(message);
            else if (action === "edit") setIsEditing(true);
            else setIsConfirmingDelete(true);
          }}
        />
      ) : null}
      {isOwn ? (
        <DeleteMessageDialog
          message={message}
          open={isConfirmingDelete}
          onOpenChange={setIsConfirmingDelete}
          onDeleted={changed}
        />
      ) : null}
    </article>
  );
}
