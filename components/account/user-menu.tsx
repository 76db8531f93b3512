"use client";

import { ChevronsUpDown, LogOut, UserRound } from "lucide-react";
import Link from "next/link";
import { useTransition } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { ProfileCardTrigger } from "@/components/profile/profile-card-trigger";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { AccountSummary } from "@/lib/accounts/types";
import { UserAvatar } from "./user-avatar";

export function UserMenu({ user, onNavigate }: { user: AccountSummary; onNavigate?: () => void }) {
  const [isSigningOut, startSignOut] = useTransition();
  return (
    <div className="flex min-w-0 items-center gap-1">
      {/* A sibling, not a child, of the menu button: buttons cannot nest. */}
      <ProfileCardTrigger userId={user.id} label="Your profile card" className="shrink-0 p-1 hover:bg-muted">
        <UserAvatar name={user.displayName} avatar={user.avatar} />
      </ProfileCardTrigger>
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex w-full min-w-0 items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
          disabled={isSigningOut}
        >
          <span className="flex min-w-0 flex-1 flex-col">
            <span className="truncate text-sm font-medium">{user.displayName}</span>
            <span className="truncate text-xs text-muted-foreground">@{user.username}</span>
          </span>
          <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-muted-foreground" />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" side="top" className="w-(--radix-dropdown-menu-trigger-width)">
          <DropdownMenuItem asChild>
            <Link href="/settings/profile" onClick={onNavigate}>
              <UserRound aria-hidden className="size-4" />
              Profile
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem disabled={isSigningOut} onSelect={() => startSignOut(() => signOutAction())}>
            <LogOut aria-hidden className="size-4" />
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
