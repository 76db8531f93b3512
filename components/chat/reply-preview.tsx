import { CornerUpLeft } from "lucide-react";
import type { MessageDto } from "@/lib/chat/dto";

type ReplyTo = NonNullable<MessageDto["replyTo"]>;

/** The quoted message above a reply; choosing it scrolls to the original. */
export function ReplyPreview({
  replyTo,
  onJump,
}: {
  replyTo: ReplyTo;
  onJump?: (messageId: string) => void;
}) {
  const author = replyTo.authorDisplayName ?? "Deleted user";
  return (
    <button
      type="button"
      onClick={() => onJump?.(replyTo.id)}
      aria-label={`Jump to original: ${replyTo.isDeleted ? "Original message deleted" : `${author}: ${replyTo.excerpt}`}`}
      className="mb-1 flex max-w-full items-start gap-1.5 rounded-md border-l-2 border-primary bg-muted/60 px-2 py-1 text-left text-xs hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary"
    >
      <CornerUpLeft aria-hidden className="mt-0.5 size-3 shrink-0 text-muted-foreground" />
      {replyTo.isDeleted ? (
        <span className="italic text-muted-foreground">Original message deleted</span>
      ) : (
        <span className="min-w-0">
          <span className="font-semibold">{author}</span>{" "}
          <span className="line-clamp-2 break-words text-muted-foreground">{replyTo.excerpt}</span>
        </span>
      )}
    </button>
  );
}
