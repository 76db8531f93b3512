import type { Page, WebSocketRoute } from "@playwright/test";

/** A page's realtime socket, run through a switch the test can open and close. */
export interface RealtimeSwitch {
  /** The socket drops, and reconnect attempts hang without an answer: an outage the app cannot tell from a real one. */
  cut(): Promise<void>;
  /** The hanging attempts are closed (4200, reconnect), so the next one goes through. */
  restore(): Promise<void>;
}

/** Routes the page's realtime sockets through a switch. Call before the page opens its first socket. */
export async function routeRealtimeThroughSwitch(page: Page): Promise<RealtimeSwitch> {
  let isDown = false;
  let live: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
  const hanging: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/app\//, (socket) => {
    if (isDown) {
      hanging.push(socket);
      return;
    }
    live = { page: socket, server: socket.connectToServer() };
  });
  return {
    cut: async () => {
      isDown = true;
      await live?.server.close();
      await live?.page.close({ code: 4200, reason: "outage" });
    },
    restore: async () => {
      isDown = false;
      for (const socket of hanging.splice(0)) await socket.close({ code: 4200, reason: "back" });
    },
  };
}
