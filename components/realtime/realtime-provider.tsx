"use client";

import Pusher from "pusher-js";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { buildClientOptions } from "@/lib/realtime/client-options";
import type { RealtimeClientConfig } from "@/lib/realtime/config";
import { keepReconnecting } from "@/lib/realtime/reconnect";
import { recoverFromTermination } from "@/lib/realtime/termination";

export type ConnectionState =
  | "initialized"
  | "connecting"
  | "connected"
  | "unavailable"
  | "failed"
  | "disconnected";

interface RealtimeContextValue {
  client: Pusher | null;
  state: ConnectionState;
  socketId: string | null;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  client: null,
  state: "initialized",
  socketId: null,
});

/** One realtime connection per tab, shared by every component through `useRealtime()`. */
export function RealtimeProvider({
  config,
  isSignedIn,
  children,
}: {
  config: RealtimeClientConfig;
  /** Asks the server whether this browser's session is still valid. */
  isSignedIn: () => Promise<boolean>;
  children: ReactNode;
}) {
  const [value, setValue] = useState<RealtimeContextValue>({
    client: null,
    state: "initialized",
    socketId: null,
  });

  useEffect(() => {
    const client = new Pusher(config.key, buildClientOptions(config, window.location));
    const update = () =>
      setValue({
        client,
        state: client.connection.state as ConnectionState,
        socketId: client.connection.socket_id ?? null,
      });
    client.connection.bind("state_change", update);
    const stopReconnecting = keepReconnecting(client.connection);
    // A revoked session (here or on another device) closes the user's sockets: reconnect when
    // this session is still valid, else show the person signed out. The gap is refetched on
    // resubscription, as after any reconnect.
    const stopRecovering = recoverFromTermination(client.connection, {
      isSessionValid: isSignedIn,
      onSessionEnded: () => window.location.assign("/sign-in"),
    });
    update();
    client.signin();
    return () => {
      stopReconnecting();
      stopRecovering();
      client.connection.unbind("state_change", update);
      client.disconnect();
    };
  }, [config, isSignedIn]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}
