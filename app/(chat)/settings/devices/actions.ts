"use server";

import { requireActionUser } from "@/lib/auth/require-user";
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
