"use client";

import { Radio } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/accounts/form-state";
import type { RealtimeEventPayload } from "@/lib/realtime/events";
import { pingEvent } from "@/lib/realtime/events";
import { useRealtime } from "./realtime-provider";
import { useChannelEvent } from "./use-channel-event";

const STATE_LABEL: Record<string, string> = {
  initialized: "Starting…",
  connecting: "Connecting…",
  connected: "Connected",
  unavailable: "Reconnecting…",
  failed: "Not supported",
  disconnected: "Disconnected",
};

type Ping = RealtimeEventPayload<"realtime.ping">;

export function DevicePingPanel({
  userChannelName,
  sendPing,
}: {
  userChannelName: string;
  sendPing: (input: { socketId: string | null }) => Promise<FormState>;
}) {
  const { state, socketId } = useRealtime();
  const [received, setReceived] = useState<Ping[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const channel = useChannelEvent<unknown>(userChannelName, "realtime.ping", (data) => {
    const parsed = pingEvent.safeParse(data);
    if (parsed.success) setReceived((list) => [parsed.data, ...list].slice(0, 5));
  });

  const onPing = () =>
    startTransition(async () => {
      const result = await sendPing({ socketId });
      setStatus(result.message ?? (result.status === "success" ? "Ping sent." : "Could not send the ping."));
    });

  return (
    <section aria-labelledby="live-updates" className="rounded-lg border border-border p-4">
      <h2 id="live-updates" className="mb-1 font-medium">
        Live updates
      </h2>
      <p className="mb-3 text-sm text-muted-foreground">
        Status: <span data-testid="realtime-state">{STATE_LABEL[state] ?? state}</span>
        {channel ? " · listening" : ""}
      </p>
      <Button variant="secondary" onClick={onPing} disabled={isPending || state !== "connected" || !channel}>
        <Radio aria-hidden className="size-4" />
        Ping my other devices
      </Button>
      <p aria-live="polite" className="mt-2 text-sm text-muted-foreground">
        {status}
      </p>
      <ul aria-label="Pings received" className="mt-2 space-y-1 text-sm">
        {received.map((ping) => (
          <li key={ping.sentAt}>
            Ping received from another device at {new Date(ping.sentAt).toLocaleTimeString()}
          </li>
        ))}
      </ul>
    </section>
  );
}
