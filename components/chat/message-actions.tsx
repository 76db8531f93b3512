"use client";

import { CornerUpLeft, MoreHorizontal, Pencil, SmilePlus, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/utils";
import { ReactionPicker } from "./reaction-picker";

type Action = "reply" | "edit" | "delete";

/**
 * One menu per message. The trigger shows on hover or focus with a pointer, and always on touch
 * screens (no hover there); it stays in the tab order either way. A long press on the message
 * opens the same menu (`isOpen`).
 */
export function MessageActions({
  canReply,
  canModify,
  onAction,
  onReact,
  isOpen,
  onOpenChange,
  className,
}: {
  canReply: boolean;
  /** Edit and delete: the viewer's own saved message. */
  canModify: boolean;
  onAction: (action: Action) => void;
  /** "Add reaction"; absent where reacting is not possible. */
  onReact?: (emoji: string) => void;
  isOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  className?: string;
}) {
  // Reply, edit and reacting move focus elsewhere; the menu must not pull it back to its trigger.
  const chosen = useRef<Action | "react" | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const [isPicking, setIsPicking] = useState(false);
  if (!canReply && !canModify && !onReact) return null;
  const choose = (action: Action | "react") => {
    chosen.current = action;
    if (action !== "react") onAction(action);
  };

  return (
    <ReactionPicker
      open={isPicking}
      onOpenChange={setIsPicking}
      onPick={(emoji) => onReact?.(emoji)}
      onClosed={() => trigger.current?.focus()}
      anchor={trigger}
    >
      <DropdownMenu open={isOpen} onOpenChange={onOpenChange}>
        <DropdownMenuTrigger
          ref={trigger}
          aria-label="Message actions"
          className={cn(
            "flex size-7 items-center justify-center rounded-md border border-border bg-card text-muted-foreground shadow-sm hover:text-foreground focus-visible:outline-2 focus-visible:outline-primary data-[state=open]:opacity-100",
            isPicking && "opacity-100",
            className,
          )}
        >
          <MoreHorizontal aria-hidden className="size-4" />
        </DropdownMenuTrigger>
        <DropdownMenuContent
          align="end"
          onCloseAutoFocus={(event) => {
            if (chosen.current !== null && chosen.current !== "delete") event.preventDefault();
            // The picker opens once the menu has gone, or the menu's closing would dismiss it.
            if (chosen.current === "react") setIsPicking(true);
            chosen.current = null;
          }}
        >
          {onReact ? (
            <DropdownMenuItem onSelect={() => choose("react")}>
              <SmilePlus aria-hidden className="size-4" />
              Add reaction
            </DropdownMenuItem>
          ) : null}
          {canReply ? (
            <DropdownMenuItem onSelect={() => choose("reply")}>
              <CornerUpLeft aria-hidden className="size-4" />
              Reply
            </DropdownMenuItem>
          ) : null}
          {canModify ? (
            <>
              <DropdownMenuItem onSelect={() => choose("edit")}>
                <Pencil aria-hidden className="size-4" />
                Edit
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={() => choose("delete")} className="text-danger">
                <Trash2 aria-hidden className="size-4" />
                Delete
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </ReactionPicker>
  );
}
