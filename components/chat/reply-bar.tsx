import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { MessageDto } from "@/lib/chat/dto";

/** Above the composer while a reply is being written: who is quoted, and a way out. */
export function ReplyBar({
  replyTo,
  onCancel,
}: {
  replyTo: NonNullable<MessageDto["replyTo"]>;
  onCancel: () => void;
}) {
  const author = replyTo.authorDisplayName ?? "Deleted user";
  return (
    <section
      aria-label={`Replying to ${author}`}
      className="flex items-center gap-2 border-t border-border bg-muted/40 px-3 py-2 text-xs"
    >
      <div className="min-w-0 flex-1">
        <p className="font-semibold">Replying to {author}</p>
        <p className="truncate text-muted-foreground">{replyTo.excerpt}</p>
      </div>
      <Button variant="ghost" size="sm" aria-label="Cancel reply" onClick={onCancel}>
        <X aria-hidden className="size-4" />
      </Button>
    </section>
  );
}
