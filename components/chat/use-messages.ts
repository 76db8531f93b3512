"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo } from "react";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { chatApi } from "@/lib/chat/client/api";
import { mergeMessages } from "@/lib/chat/client/merge";
import { type MessageDto, messageDtoSchema } from "@/lib/chat/dto";

const PAGE = 50;

export interface MessagesState {
  messages: MessageDto[];
  hasMoreBefore: boolean;
}

export const messagesKey = (conversationId: string) => ["messages", conversationId] as const;

/**
 * A conversation's loaded history: the latest page first, older pages on demand, live events
 * merged by id. Every time the channel subscription succeeds (first join, and again after any
 * reconnect) and when the first page arrives, everything newer than the last message held is
 * fetched, so nothing sent while the socket was down or the page was loading is missed.
 */
export function useMessages(
  conversationId: string,
  channelName: string,
  onIncoming?: (message: MessageDto) => void,
) {
  const queryClient = useQueryClient();
  const key = useMemo(() => messagesKey(conversationId), [conversationId]);
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<MessagesState> => {
      const page = await chatApi.listMessages(conversationId, { limit: PAGE });
      return { messages: page.messages, hasMoreBefore: page.hasMoreBefore };
    },
    staleTime: Number.POSITIVE_INFINITY,
  });

  const merge = useCallback(
    (incoming: MessageDto[], patch: Partial<MessagesState> = {}) =>
      queryClient.setQueryData<MessagesState>(key, (state) =>
        // Before the first page lands there is nothing to merge into; the catch-up after it covers these.
        state ? { ...state, messages: mergeMessages(state.messages, incoming), ...patch } : state,
      ),
    [queryClient, key],
  );

  const catchUp = useCallback(async () => {
    let after = queryClient.getQueryData<MessagesState>(key)?.messages.at(-1)?.id;
    for (let round = 0; after && round < 20; round++) {
      const page = await chatApi.listMessages(conversationId, { after, limit: 100 });
      merge(page.messages);
      if (!page.hasMoreAfter) break;
      after = page.messages.at(-1)?.id;
    }
  }, [queryClient, key, conversationId, merge]);

  const onEvent = (data: unknown) => {
    const parsed = messageDtoSchema.safeParse(data);
    if (!parsed.success) return;
    merge([parsed.data]);
    onIncoming?.(parsed.data);
  };
  useChannelEvent<unknown>(channelName, "message.created", onEvent);
  useChannelEvent<unknown>(channelName, "message.updated", onEvent);
  useChannelEvent<unknown>(channelName, "message.deleted", onEvent);
  useChannelEvent<unknown>(
    channelName,
    "pusher:subscription_succeeded",
    () => void catchUp().catch(() => {}),
  );

  const isLoaded = query.isSuccess;
  useEffect(() => {
    if (isLoaded) void catchUp().catch(() => {});
  }, [isLoaded, catchUp]);

  const loadOlder = useCallback(async () => {
    const current = queryClient.getQueryData<MessagesState>(key);
    const first = current?.messages[0];
    if (!current?.hasMoreBefore || !first) return 0;
    const page = await chatApi.listMessages(conversationId, { before: first.id, limit: PAGE });
    merge(page.messages, { hasMoreBefore: page.hasMoreBefore });
    return page.messages.length;
  }, [queryClient, key, conversationId, merge]);

  return { ...query, merge, loadOlder };
}
