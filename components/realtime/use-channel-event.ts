"use client";

import type Pusher from "pusher-js";
import type { Channel } from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { useRealtime } from "./realtime-provider";

// Several components may listen on one channel; pusher-js keeps one subscription per name, so
// count the listeners and unsubscribe only when the last one leaves.
const listeners = new WeakMap<Pusher, Map<string, number>>();

function retain(client: Pusher, name: string): Channel {
  const counts = listeners.get(client) ?? new Map<string, number>();
  listeners.set(client, counts);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  return client.channel(name) ?? client.subscribe(name);
}

function release(client: Pusher, name: string): void {
  const counts = listeners.get(client);
  const remaining = (counts?.get(name) ?? 1) - 1;
  if (remaining > 0) {
    counts?.set(name, remaining);
    return;
  }
  counts?.delete(name);
  client.unsubscribe(name);
}

/**
 * Subscribes to `channelName` while mounted and calls `onEvent` for `eventName`, with pusher-js's
 * metadata (on presence channels, the server-given `user_id` of a client event's sender). The
 * handler may change between renders without resubscribing. Returns the channel once subscribed.
 */
export function useChannelEvent<T>(
  channelName: string | null,
  eventName: string,
  onEvent: (data: T, metadata?: { user_id?: string }) => void,
): Channel | null {
  const { client } = useRealtime();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [channel, setChannel] = useState<Channel | null>(null);

  useEffect(() => {
    if (!client || !channelName) return;
    const subscribed = retain(client, channelName);
    const listener = (data: T, metadata?: { user_id?: string }) => handler.current(data, metadata);
    const onSucceeded = () => setChannel(subscribed);
    subscribed.bind(eventName, listener);
    subscribed.bind("pusher:subscription_succeeded", onSucceeded);
    if (subscribed.subscribed) setChannel(subscribed);
    return () => {
      subscribed.unbind(eventName, listener);
      subscribed.unbind("pusher:subscription_succeeded", onSucceeded);
      setChannel(null);
      release(client, channelName);
    };
  }, [client, channelName, eventName]);

  return channel;
}
