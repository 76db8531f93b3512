"use client";

import type { Channel, PresenceChannel } from "pusher-js";
import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { typistFromEvent } from "@/lib/chat/client/typing";
import { conversationPresenceChannel } from "@/lib/realtime/channels";

const SEND_EVERY_MS = 3_000;
const SHOW_FOR_MS = 5_000;

export interface Typist {
  userId: string;
  displayName: string;
  until: number;
}

/**
 * Typing indicators over client events on the conversation's presence channel (socket to
 * socket through the realtime server, never through the app): at most one event per 3 s while
 * typing, shown for 5 s. Who is typing is what the server says (typistFromEvent), so a member
 * cannot make the others see someone else typing.
 */
export function useTyping(conversationId: string, viewer: { id: string }) {
  const [typists, setTypists] = useState<Typist[]>([]);
  const lastSent = useRef(0);
  const channelRef = useRef<Channel | null>(null);

  channelRef.current = useChannelEvent<unknown>(
    conversationPresenceChannel(conversationId),
    "client-typing",
    (_data, metadata) => {
      const members = (channelRef.current as PresenceChannel | null)?.members;
      const typist = typistFromEvent({ metadata, members, viewerId: viewer.id });
      if (!typist) return;
      const shown = { ...typist, until: Date.now() + SHOW_FOR_MS };
      setTypists((list) => [...list.filter((t) => t.userId !== shown.userId), shown]);
    },
  );

  useEffect(() => {
    if (typists.length === 0) return;
    const next = Math.min(...typists.map((t) => t.until)) - Date.now();
    const timer = setTimeout(() => setTypists((list) => list.filter((t) => t.until > Date.now())), next);
    return () => clearTimeout(timer);
  }, [typists]);

  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (!channelRef.current || now - lastSent.current < SEND_EVERY_MS) return;
    lastSent.current = now;
    channelRef.current.trigger("client-typing", {});
  }, []);

  /** A message from someone ends their typing indicator at once. */
  const clearTypist = useCallback((userId: string) => {
    setTypists((list) => list.filter((t) => t.userId !== userId));
  }, []);

  return { typists, notifyTyping, clearTypist };
}
