"use client";

import { SmilePlus } from "lucide-react";
import { type ReactNode, type RefObject, useState } from "react";
import { EmojiPicker } from "@/components/emoji/emoji-picker";
import { Popover, PopoverAnchor, PopoverContent } from "@/components/ui/popover";
import { QUICK_REACTIONS } from "@/lib/chat/client/reactions";

/**
 * "Add reaction": six quick picks, and "More reactions" for the full emoji picker, in a popover
 * anchored to `anchor` (the message's actions button, which `children` render).
 */
export function ReactionPicker({
  open,
  onOpenChange,
  onPick,
  onClosed,
  anchor,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (emoji: string) => void;
  /** Where focus goes back to, as the anchor is not a popover trigger. */
  onClosed?: () => void;
  anchor: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const [isFull, setIsFull] = useState(false);
  const setOpen = (next: boolean) => {
    onOpenChange(next);
    if (!next) setIsFull(false);
  };
  const pick = (emoji: string) => {
    onPick(emoji);
    setOpen(false);
  };
  return (
    <Popover open={open} onOpenChange={setOpen}>
      {/* A ref, not asChild: the actions button is already the menu's anchor, and nesting both never positions the popover. */}
      <PopoverAnchor virtualRef={anchor} />
      {children}
      <PopoverContent
        aria-label="Add reaction"
        align="end"
        collisionPadding={8}
        className="p-1"
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          onClosed?.();
        }}
      >
        {isFull ? (
          <EmojiPicker onSelect={pick} />
        ) : (
          <div className="flex items-center gap-0.5">
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                aria-label={emoji}
                onClick={() => pick(emoji)}
                className="grid size-9 place-items-center rounded-md text-xl hover:bg-muted"
              >
                {emoji}
              </button>
            ))}
            <button
              type="button"
              aria-label="More reactions"
              title="More reactions"
              onClick={() => setIsFull(true)}
              className="grid size-9 place-items-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground"
            >
              <SmilePlus aria-hidden className="size-5" />
            </button>
          </div>
        )}
      </PopoverContent>
    </Popover>
  );
}
