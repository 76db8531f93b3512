"use client";

import { Popover } from "radix-ui";
import { type ReactNode, useState } from "react";
import { cn } from "@/lib/utils";
import { ProfileCard } from "./profile-card";
import { usePublicProfile } from "./use-public-profile";

/**
 * Wraps a name or avatar so that clicking it opens the person's profile card. Takes only the
 * user id, so any list (messages, members, friends) can use it.
 */
export function ProfileCardTrigger({
  userId,
  label,
  cardLabel = label.replace(/^Profile of/, "Profile card of"),
  children,
  className,
}: {
  userId: string;
  /** Accessible name of the trigger, e.g. "Profile of Ada". */
  label: string;
  /** Accessible name of the card; by default the label with "Profile" read as "Profile card". */
  cardLabel?: string;
  children: ReactNode;
  className?: string;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const state = usePublicProfile(userId, isOpen);
  return (
    <Popover.Root open={isOpen} onOpenChange={setIsOpen}>
      <Popover.Trigger
        aria-label={label}
        className={cn("rounded-md text-left focus-visible:outline-2 focus-visible:outline-ring", className)}
      >
        {children}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          aria-label={cardLabel}
          sideOffset={8}
          collisionPadding={8}
          className="z-50 w-72 rounded-lg border border-border bg-card p-4 shadow-lg"
        >
          {state.status === "loaded" ? (
            <ProfileCard profile={state.profile} />
          ) : state.status === "error" ? (
            <p role="alert" className="text-sm text-danger">
              {state.message}
            </p>
          ) : (
            <p aria-busy className="text-sm text-muted-foreground">
              Loading profile…
            </p>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
