"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { chatApi } from "@/lib/chat/client/api";
import { type Reaction, withReaction } from "@/lib/chat/client/reactions";
import type { MessageDto } from "@/lib/chat/dto";
import { useConversationMembers } from "./conversation-members";
import { type MessagesState, messagesKey } from "./use-messages";

const ERROR_MS = 6000;

/**
 * Adds or removes the viewer's reaction on one message: the cached list changes at once, the
 * server's answer replaces it, and a refusal (such as the 20-emoji limit) puts the viewer's
 * reaction back as it was and leaves the server's message in `error`.
 */
export function useReactionToggle(message: Pick<MessageDto, "id" | "conversationId">) {
  const queryClient = useQueryClient();
  const { socketId } = useRealtime();
  const { viewerId } = useConversationMembers();
  const [error, setError] = useState<string | null>(null);
  // With several requests in flight, only the last answer holds the whole truth.
  const inFlight = useRef(0);
  const { id: messageId, conversationId } = message;

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), ERROR_MS);
    return () => clearTimeout(timer);
  }, [error]);

  const update = useCallback(
    (change: (reactions: Reaction[]) => Reaction[]) =>
      queryClient.setQueryData<MessagesState>(messagesKey(conversationId), (state) =>
        state
          ? {
              ...state,
              messages: state.messages.map((m) =>
                m.id === messageId ? { ...m, reactions: change(m.reactions) } : m,
              ),
            }
          : state,
      ),
    [queryClient, conversationId, messageId],
  );

  const setReaction = useCallback(
    async (emoji: string, isAdded: boolean) => {
      if (!viewerId) return;
      const current = queryClient
        .getQueryData<MessagesState>(messagesKey(conversationId))
        ?.messages.find((m) => m.id === messageId);
      const wasMine =
        current?.reactions.some((r) => r.emoji === emoji && r.userIds.includes(viewerId)) ?? false;
      setError(null);
      update((reactions) => withReaction(reactions, { emoji, userId: viewerId, isAdded }));
      inFlight.current++;
      try {
        const call = isAdded ? chatApi.addReaction : chatApi.removeReaction;
        const { reactions } = await call(conversationId, messageId, emoji, socketId);
        if (inFlight.current === 1) update(() => reactions);
      } catch (cause) {
        update((reactions) => withReaction(reactions, { emoji, userId: viewerId, isAdded: wasMine }));
        setError(cause instanceof Error ? cause.message : "Could not update the reaction.");
      } finally {
        inFlight.current--;
      }
    },
    [queryClient, update, conversationId, messageId, socketId, viewerId],
  );

  return { viewerId, setReaction, error };
}
