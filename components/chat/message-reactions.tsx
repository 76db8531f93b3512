"use client";

import { Tooltip } from "radix-ui";
import { useState } from "react";
import { type Reaction, reactedByLabel } from "@/lib/chat/client/reactions";
import { cn } from "@/lib/utils";
import { useConversationMembers } from "./conversation-members";
import { useLongPress } from "./use-long-press";

function ReactionChip({
  reaction,
  isMine,
  onToggle,
}: {
  reaction: Reaction;
  isMine: boolean;
  onToggle: () => void;
}) {
  const { nameOf } = useConversationMembers();
  const [isTooltipOpen, setIsTooltipOpen] = useState(false);
  // A touch screen has no hover: a long press shows who reacted, a tap toggles.
  const longPress = useLongPress(() => setIsTooltipOpen(true));
  const count = reaction.userIds.length;
  return (
    <Tooltip.Root open={isTooltipOpen} onOpenChange={setIsTooltipOpen}>
      <Tooltip.Trigger asChild>
        <button
          type="button"
          aria-pressed={isMine}
          aria-label={`${reaction.emoji} ${count}`}
          {...longPress.handlers}
          onClick={(event) => {
            // Keeps the tooltip a long press opened, and does not toggle.
            if (longPress.didFire()) return event.preventDefault();
            onToggle();
          }}
          className={cn(
            "inline-flex h-7 select-none items-center gap-1 rounded-full border px-2 text-xs tabular-nums transition-colors [-webkit-touch-callout:none]",
            isMine
              ? "border-primary bg-accent text-accent-foreground"
              : "border-border bg-card text-muted-foreground hover:border-muted-foreground",
          )}
        >
          <span className="text-base leading-none">{reaction.emoji}</span>
          <span>{count}</span>
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content
          sideOffset={6}
          collisionPadding={8}
          className="z-50 max-w-64 rounded-md bg-foreground px-2 py-1 text-xs text-background shadow"
        >
          {reactedByLabel(reaction.userIds, (id) => nameOf(id) ?? "Someone")}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

/** The chips under a message: one per emoji with its count, pressed when the viewer is among them. */
export function MessageReactions({
  reactions,
  viewerId,
  onToggle,
  error,
}: {
  reactions: Reaction[];
  viewerId: string | null;
  onToggle: (emoji: string, isAdded: boolean) => void;
  error: string | null;
}) {
  if (reactions.length === 0 && !error) return null;
  return (
    <Tooltip.Provider delayDuration={300}>
      {reactions.length > 0 ? (
        <fieldset aria-label="Reactions" className="mt-1 flex min-w-0 flex-wrap gap-1">
          {reactions.map((reaction) => {
            const isMine = viewerId !== null && reaction.userIds.includes(viewerId);
            return (
              <ReactionChip
                key={reaction.emoji}
                reaction={reaction}
                isMine={isMine}
                onToggle={() => onToggle(reaction.emoji, !isMine)}
              />
            );
          })}
        </fieldset>
      ) : null}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-danger">
          {error}
        </p>
      ) : null}
    </Tooltip.Provider>
  );
}
