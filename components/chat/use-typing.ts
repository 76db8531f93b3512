"use client";

import type { Channel } from "pusher-js";
import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { typingEvent } from "@/lib/realtime/events";

const SEND_EVERY_MS = 3_000;
const SHOW_FOR_MS = 5_000;

export interface Typist {
  userId: string;
  displayName: string;
  until: number;
}

/**
 * Typing indicators over client events (they go socket to socket through the realtime
 * server, never through the app): at most one event per 3 s while typing, shown for 5 s.
 */
export function useTyping(channelName: string, viewer: { id: string; displayName: string }) {
  const [typists, setTypists] = useState<Typist[]>([]);
  const lastSent = useRef(0);
  const channelRef = useRef<Channel | null>(null);

  channelRef.current = useChannelEvent<unknown>(channelName, "client-typing", (data) => {
    const parsed = typingEvent.safeParse(data);
    if (!parsed.success || parsed.data.userId === viewer.id) return;
    const typist = { ...parsed.data, until: Date.now() + SHOW_FOR_MS };
    setTypists((list) => [...list.filter((t) => t.userId !== typist.userId), typist]);
  });

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
    channelRef.current.trigger("client-typing", { userId: viewer.id, displayName: viewer.displayName });
  }, [viewer.id, viewer.displayName]);

  /** A message from someone ends their typing indicator at once. */
  const clearTypist = useCallback((userId: string) => {
    setTypists((list) => list.filter((t) => t.userId !== userId));
  }, []);

  return { typists, notifyTyping, clearTypist };
}
