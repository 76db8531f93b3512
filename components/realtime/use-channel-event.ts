"use client";

import type { Channel } from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { useRealtime } from "./realtime-provider";

/**
 * Subscribes to `channelName` while mounted and calls `onEvent` for `eventName`. The handler
 * may change between renders without resubscribing. Returns the channel once subscribed.
 */
export function useChannelEvent<T>(
  channelName: string | null,
  eventName: string,
  onEvent: (data: T) => void,
): Channel | null {
  const { client } = useRealtime();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [channel, setChannel] = useState<Channel | null>(null);

  useEffect(() => {
    if (!client || !channelName) return;
    const subscribed = client.subscribe(channelName);
    const listener = (data: T) => handler.current(data);
    const onSucceeded = () => setChannel(subscribed);
    subscribed.bind(eventName, listener);
    subscribed.bind("pusher:subscription_succeeded", onSucceeded);
    if (subscribed.subscribed) setChannel(subscribed);
    return () => {
      subscribed.unbind(eventName, listener);
      subscribed.unbind("pusher:subscription_succeeded", onSucceeded);
      setChannel(null);
      client.unsubscribe(channelName);
    };
  }, [client, channelName, eventName]);

  return channel;
}
