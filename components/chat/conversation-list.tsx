"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { UserAvatar } from "@/components/account/user-avatar";
import { shortTimeLabel } from "@/lib/chat/client/day-separators";
import type { ConversationSummary } from "@/lib/chat/dto";
import { cn } from "@/lib/utils";
import { totalUnread, useConversations } from "./use-conversations";

function preview(row: ConversationSummary): string {
  const last = row.lastMessage;
  if (!last) return "No messages yet";
  if (last.isDeleted) return "Message deleted";
  return row.kind === "group" && last.authorDisplayName
    ? `${last.authorDisplayName}: ${last.plainText}`
    : last.plainText;
}

function badge(count: number): string {
  return count > 99 ? "99+" : String(count);
}

export function ConversationList({
  userChannelName,
  onNavigate,
}: {
  userChannelName: string;
  onNavigate?: () => void;
}) {
  const { data, isPending, isError } = useConversations(userChannelName);
  const pathname = usePathname();
  const unread = totalUnread(data);

  // The total unread count leads the tab title; re-applied after navigation sets a new title.
  useEffect(() => {
    if (!pathname) return;
    const base = document.title.replace(/^\(\d+\+?\) /, "");
    document.title = unread > 0 ? `(${badge(unread)}) ${base}` : base;
  }, [unread, pathname]);

  if (isPending) return <p className="px-3 py-2 text-sm text-muted-foreground">Loading conversations…</p>;
  if (isError) return <p className="px-3 py-2 text-sm text-danger">Could not load conversations.</p>;
  if (data.length === 0)
    return <p className="px-3 py-2 text-sm text-muted-foreground">No conversations yet.</p>;

  return (
    <ul aria-label="Conversations" className="flex flex-col gap-0.5">
      {data.map((row) => {
        const href = `/c/${row.id}`;
        const isActive = pathname === href;
        return (
          <li key={row.id}>
            <Link
              href={href}
              onClick={onNavigate}
              aria-current={isActive ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 hover:bg-muted",
                isActive && "bg-accent text-accent-foreground hover:bg-accent",
              )}
            >
              <UserAvatar name={row.name} avatar={row.avatar} />
              <span className="min-w-0 flex-1">
                <span className="flex items-baseline gap-2">
                  <span className="min-w-0 flex-1 truncate text-sm font-medium">{row.name}</span>
                  {row.lastMessage ? (
                    <time
                      dateTime={row.lastMessage.createdAt}
                      title={new Date(row.lastMessage.createdAt).toLocaleString()}
                      className="shrink-0 text-xs text-muted-foreground"
                    >
                      {shortTimeLabel(row.lastMessage.createdAt)}
                    </time>
                  ) : null}
                </span>
                <span className="block truncate text-xs text-muted-foreground">{preview(row)}</span>
              </span>
              {row.unreadMentionCount > 0 ? (
                <span className="rounded-full bg-danger px-1.5 py-0.5 text-xs font-semibold text-white">
                  <span aria-hidden>@</span>
                  <span className="sr-only">
                    {row.unreadMentionCount} {row.unreadMentionCount === 1 ? "mention" : "mentions"}
                  </span>
                </span>
              ) : null}
              {row.unreadCount > 0 ? (
                <span className="rounded-full bg-primary px-2 py-0.5 text-xs font-semibold text-primary-foreground">
                  <span aria-hidden>{badge(row.unreadCount)}</span>
                  <span className="sr-only">{row.unreadCount} unread</span>
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
