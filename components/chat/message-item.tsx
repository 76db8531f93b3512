import { UserAvatar } from "@/components/account/user-avatar";
import type { MessageDto } from "@/lib/chat/dto";
import { cn } from "@/lib/utils";

export type DeliveryState = "pending" | "failed";

const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** One message: author, time and text, rendered as text (never as HTML). */
export function MessageItem({
  message,
  isGrouped,
  delivery,
  onRetry,
  onDiscard,
}: {
  message: MessageDto;
  /** Same author as the message above, close in time: no repeated name and avatar. */
  isGrouped: boolean;
  delivery?: DeliveryState;
  onRetry?: () => void;
  onDiscard?: () => void;
}) {
  const authorName = message.author?.displayName ?? "Deleted user";
  const createdAt = new Date(message.createdAt);
  return (
    <article
      aria-label={`${authorName}, ${time.format(createdAt)}`}
      className={cn("flex gap-3 px-4", isGrouped ? "pt-0.5" : "pt-3", delivery === "pending" && "opacity-60")}
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
        {message.deletedAt ? (
          <p className="text-sm italic text-muted-foreground">Message deleted</p>
        ) : (
          <p className="whitespace-pre-wrap break-words text-sm">
            {message.plainText}
            {message.editedAt ? <span className="ml-1 text-xs text-muted-foreground">(edited)</span> : null}
          </p>
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
    </article>
  );
}
