"use server";

import { signOut } from "@/lib/auth";
import { requireActionUser } from "@/lib/auth/require-user";
import { endAllSessions } from "@/lib/auth/revoke";
import { isAppError } from "@/lib/errors";
import { devicePingSchema, pingOtherDevices } from "@/lib/realtime/device-ping";

export async function pingOtherDevicesAction(input: unknown): Promise<{ ok: boolean; message?: string }> {
  try {
    const actor = await requireActionUser();
    const parsed = devicePingSchema.safeParse(input);
    if (!parsed.success) return { ok: false, message: "That request was not valid." };
    await pingOtherDevices({ actor, socketId: parsed.data.socketId });
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    console.error(error);
    return { ok: false, message: "Live updates are unavailable right now. Try again shortly." };
  }
}

/** Ends every session of the signed-in person, this one included, and closes their sockets. */
export async function signOutEverywhereAction(): Promise<{ message: string } | undefined> {
  try {
    const actor = await requireActionUser();
    await endAllSessions({ userId: actor.id });
  } catch (error) {
    if (isAppError(error)) return { message: error.message };
    throw error;
  }
  // Redirects (throws): this device's cookie goes too.
  await signOut({ redirectTo: "/sign-in" });
}
