"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { chatApi } from "@/lib/chat/client/api";
import { type ConversationSummary, conversationSummarySchema } from "@/lib/chat/dto";

export const conversationsKey = ["conversations"] as const;

function upsert(list: ConversationSummary[], row: ConversationSummary): ConversationSummary[] {
  const rest = list.filter((item) => item.id !== row.id);
  return [row, ...rest].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

/** The sidebar's conversations, kept current by `conversation.updated` on the user's channel. */
export function useConversations(userChannelName: string) {
  const queryClient = useQueryClient();
  const { state } = useRealtime();
  const query = useQuery({
    queryKey: conversationsKey,
    queryFn: async () => (await chatApi.listConversations()).conversations,
  });
  useChannelEvent<unknown>(userChannelName, "conversation.updated", (data) => {
    const parsed = conversationSummarySchema.safeParse(data);
    if (!parsed.success) return;
    queryClient.setQueryData<ConversationSummary[]>(conversationsKey, (list) =>
      upsert(list ?? [], parsed.data),
    );
  });
  // A read on any of the user's devices changes unread counts: ask the server for the truth.
  useChannelEvent<unknown>(userChannelName, "read.updated", () => {
    void queryClient.invalidateQueries({ queryKey: conversationsKey });
  });
  // After a reconnect the rows may have moved on without us (events sent while the socket was
  // down are gone): refetch. The first subscription needs no refetch — the query just loaded.
  const hasSubscribed = useRef(false);
  useChannelEvent<unknown>(userChannelName, "pusher:subscription_succeeded", () => {
    if (hasSubscribed.current) void queryClient.invalidateQueries({ queryKey: conversationsKey });
    hasSubscribed.current = true;
  });
  return { ...query, isLive: state === "connected" };
}

export function totalUnread(list: ConversationSummary[] | undefined): number {
  return (list ?? []).reduce((sum, row) => sum + row.unreadCount, 0);
}
