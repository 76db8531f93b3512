"use server";

import { z } from "zod";
import type { FormState } from "@/lib/accounts/form-state";
import { signOut } from "@/lib/auth";
import { formAction } from "@/lib/auth/form-action";
import { requireActionUser } from "@/lib/auth/require-user";
import { endAllSessions } from "@/lib/auth/revoke";
import { isAppError } from "@/lib/errors";
import { devicePingSchema, pingOtherDevices } from "@/lib/realtime/device-ping";

export async function pingOtherDevicesAction(input: unknown): Promise<FormState> {
  return formAction(devicePingSchema, input, async ({ socketId }) => {
    const actor = await requireActionUser();
    try {
      await pingOtherDevices({ actor, socketId });
    } catch (error) {
      // A refusal (a rate limit) says why; a realtime server out of reach is told plainly.
      if (isAppError(error)) throw error;
      console.error(error);
      return { status: "error", message: "Live updates are unavailable right now. Try again shortly." };
    }
    return { status: "success", message: "Ping sent to your other devices." };
  });
}

/** Ends every session of the signed-in person, this one included, and closes their sockets. */
export async function signOutEverywhereAction(): Promise<FormState> {
  const ended = await formAction(z.object({}), {}, async () => {
    const actor = await requireActionUser();
    await endAllSessions({ userId: actor.id });
    return { status: "success" };
  });
  if (ended.status !== "success") return ended;
  // Redirects (throws): this device's cookie goes too.
  await signOut({ redirectTo: "/sign-in" });
  return ended;
}
