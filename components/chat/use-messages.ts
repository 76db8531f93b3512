"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo } from "react";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { ChatApiError, chatApi } from "@/lib/chat/client/api";
import {
  advanceCursor,
  type MessageWindow,
  mergeDelivered,
  mergeIntoWindow,
  mergeMessages,
  type SyncedWindow,
} from "@/lib/chat/client/merge";
import { withReaction } from "@/lib/chat/client/reactions";
import { type MessageDto, messageDtoSchema, reactionEventSchema } from "@/lib/chat/dto";

const PAGE = 50;

export interface MessagesState extends SyncedWindow {
  /** Changes whenever the loaded stretch is replaced (a jump), so the list remounts at its anchor. */
  generation: number;
}

export const messagesKey = (conversationId: string) => ["messages", conversationId] as const;

/** A window fetched whole from the server: complete up to its last message. */
function fromPage(page: MessageWindow): SyncedWindow {
  return { ...page, syncedThrough: advanceCursor(null, page.messages) };
}

/** The newest page, or the page around `around` when that message still exists. */
async function firstWindow(conversationId: string, around: string | null): Promise<MessageWindow> {
  if (around) {
    try {
      return await chatApi.listMessages(conversationId, { around, limit: PAGE });
    } catch (error) {
      // A link to a message deleted since, or a mistyped id: the conversation still opens.
      if (!(error instanceof ChatApiError && error.status === 404)) throw error;
    }
  }
  return chatApi.listMessages(conversationId, { limit: PAGE });
}

/**
 * A conversation's loaded history: one contiguous window — the newest page, or the page around
 * a linked or first unread message — extended by older and newer pages on demand, with live
 * events merged by id. While the window reaches the newest message, every successful channel
 * subscription (first join and after any reconnect) fetches everything after `syncedThrough`, so
 * nothing sent while the socket was down or the page was loading is missed — including others'
 * messages older than one this tab sent meanwhile.
 */
export function useMessages(
  conversationId: string,
  channelName: string,
  {
    initialAround = null,
    onIncoming,
  }: { initialAround?: string | null; onIncoming?: (message: MessageDto) => void } = {},
) {
  const queryClient = useQueryClient();
  const key = useMemo(() => messagesKey(conversationId), [conversationId]);
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<MessagesState> => ({
      ...fromPage(await firstWindow(conversationId, initialAround)),
      generation: 0,
    }),
    staleTime: Number.POSITIVE_INFINITY,
  });

  const current = useCallback(() => queryClient.getQueryData<MessagesState>(key), [queryClient, key]);
  const update = useCallback(
    (change: (state: MessagesState) => MessagesState) =>
      // Before the first window lands there is nothing to merge into; its catch-up covers these.
      queryClient.setQueryData<MessagesState>(key, (state) => (state ? change(state) : state)),
    [queryClient, key],
  );
  /**
   * For this tab's own send and edit responses: kept only where the window stays contiguous, and
   * no proof that nothing before them is missing, so the catch-up cursor stays where it is.
   */
  const merge = useCallback(
    (incoming: MessageDto[]) => update((state) => mergeIntoWindow(state, incoming)),
    [update],
  );

  const catchUp = useCallback(async () => {
    const state = current();
    if (!state || state.hasMoreAfter) return;
    let after = state.syncedThrough?.id;
    if (!after) {
      // Empty when opened: the newest page holds whatever arrived since.
      const page = await chatApi.listMessages(conversationId, { limit: PAGE });
      update((s) => ({
        ...s,
        messages: mergeMessages(s.messages, page.messages),
        hasMoreBefore: s.hasMoreBefore || page.hasMoreBefore,
        syncedThrough: advanceCursor(s.syncedThrough, page.messages),
      }));
      return;
    }
    for (let round = 0; after && round < 20; round++) {
      const page = await chatApi.listMessages(conversationId, { after, limit: 100 });
      update((s) => ({
        ...s,
        messages: mergeMessages(s.messages, page.messages),
        syncedThrough: advanceCursor(s.syncedThrough, page.messages),
      }));
      if (!page.hasMoreAfter) break;
      after = page.messages.at(-1)?.id;
    }
  }, [current, update, conversationId]);

  // Reactions and edits missed while the socket was down belong to messages already held, which
  // the catch-up above does not fetch again: the held page nearest the present is read once more.
  const refreshHeld = useCallback(async () => {
    const state = current();
    const last = state?.messages.at(-1);
    if (!state || !last) return;
    const page = await chatApi.listMessages(
      conversationId,
      state.hasMoreAfter ? { around: last.id, limit: PAGE } : { limit: PAGE },
    );
    merge(page.messages);
  }, [current, conversationId, merge]);

  const deliver = (messages: MessageDto[]) => {
    update((state) => mergeDelivered(state, messages));
    for (const message of messages) onIncoming?.(message);
  };
  const onEvent = (data: unknown) => {
    const parsed = messageDtoSchema.safeParse(data);
    if (!parsed.success) return;
    if (!parsed.data.isPartial) return deliver([parsed.data]);
    // Too large for a realtime event: the message itself comes over HTTP.
    void chatApi
      .listMessages(conversationId, { around: parsed.data.id, limit: 1 })
      .then((page) => deliver(page.messages.filter((message) => message.id === parsed.data.id)))
      .catch(() => {});
  };
  useChannelEvent<unknown>(channelName, "message.created", onEvent);
  useChannelEvent<unknown>(channelName, "message.updated", onEvent);
  useChannelEvent<unknown>(channelName, "message.deleted", onEvent);
  const onReaction = (isAdded: boolean) => (data: unknown) => {
    const parsed = reactionEventSchema.safeParse(data);
    if (!parsed.success || parsed.data.conversationId !== conversationId) return;
    const { messageId, emoji, userId } = parsed.data;
    update((state) => ({
      ...state,
      messages: state.messages.map((m) =>
        m.id === messageId ? { ...m, reactions: withReaction(m.reactions, { emoji, userId, isAdded }) } : m,
      ),
    }));
  };
  useChannelEvent<unknown>(channelName, "reaction.added", onReaction(true));
  useChannelEvent<unknown>(channelName, "reaction.removed", onReaction(false));
  useChannelEvent<unknown>(
    channelName,
    "pusher:subscription_succeeded",
    () => void Promise.all([catchUp(), refreshHeld()]).catch(() => {}),
  );

  const isLoaded = query.isSuccess;
  useEffect(() => {
    if (isLoaded) void catchUp().catch(() => {});
  }, [isLoaded, catchUp]);

  const loadOlder = useCallback(async () => {
    const first = current()?.messages[0];
    if (!current()?.hasMoreBefore || !first) return 0;
    const page = await chatApi.listMessages(conversationId, { before: first.id, limit: PAGE });
    update((s) => ({
      ...s,
      messages: mergeMessages(s.messages, page.messages),
      hasMoreBefore: page.hasMoreBefore,
    }));
    return page.messages.length;
  }, [current, update, conversationId]);

  const loadNewer = useCallback(async () => {
    const last = current()?.messages.at(-1);
    if (!current()?.hasMoreAfter || !last) return 0;
    const page = await chatApi.listMessages(conversationId, { after: last.id, limit: PAGE });
    update((s) => ({
      ...s,
      messages: mergeMessages(s.messages, page.messages),
      hasMoreAfter: page.hasMoreAfter,
      syncedThrough: advanceCursor(s.syncedThrough, page.messages),
    }));
    return page.messages.length;
  }, [current, update, conversationId]);

  /** Replaces the window with the page around a message; false when it is not in this conversation. */
  const loadAround = useCallback(
    async (messageId: string) => {
      try {
        const page = await chatApi.listMessages(conversationId, { around: messageId, limit: PAGE });
        update((s) => ({ ...fromPage(page), generation: s.generation + 1 }));
        return true;
      } catch (error) {
        if (error instanceof ChatApiError && error.status === 404) return false;
        throw error;
      }
    },
    [update, conversationId],
  );

  /** Replaces a window stopped short of the present with the newest page. */
  const loadLatest = useCallback(async () => {
    const page = await chatApi.listMessages(conversationId, { limit: PAGE });
    update((s) => ({ ...fromPage(page), generation: s.generation + 1 }));
  }, [update, conversationId]);

  return { ...query, merge, loadOlder, loadNewer, loadAround, loadLatest };
}
