"use client";

import { CornerUpLeft, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { useRef } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/utils";

type Action = "reply" | "edit" | "delete";

/**
 * One menu per message. The trigger shows on hover or focus with a pointer, and always on touch
 * screens (no hover there); it stays in the tab order either way.
 */
export function MessageActions({
  canReply,
  canModify,
  onAction,
  className,
}: {
  canReply: boolean;
  /** Edit and delete: the viewer's own saved message. */
  canModify: boolean;
  onAction: (action: Action) => void;
  className?: string;
}) {
  // Reply and edit move focus to a text box; the menu must not pull it back to its trigger.
  const chosen = useRef<Action | null>(null);
  if (!canReply && !canModify) return null;
  const choose = (action: Action) => {
    chosen.current = action;
    onAction(action);
  };

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label="Message actions"
        className={cn(
          "flex size-7 items-center justify-center rounded-md border border-border bg-card text-muted-foreground shadow-sm hover:text-foreground focus-visible:outline-2 focus-visible:outline-primary data-[state=open]:opacity-100",
          className,
        )}
      >
        <MoreHorizontal aria-hidden className="size-4" />
      </DropdownMenuTrigger>
      <DropdownMenuContent
        align="end"
        onCloseAutoFocus={(event) => {
          if (chosen.current === "reply" || chosen.current === "edit") event.preventDefault();
          chosen.current = null;
        }}
      >
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
  );
}
