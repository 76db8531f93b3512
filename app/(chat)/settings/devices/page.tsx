import type { Metadata } from "next";
import { DevicePingPanel } from "@/components/realtime/device-ping-panel";
import { requireUser } from "@/lib/auth/require-user";
import { userChannel } from "@/lib/realtime/channels";
import { pingOtherDevicesAction } from "./actions";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage() {
  const user = await requireUser();
  return (
    <div className="mx-auto max-w-2xl p-6">
      <h1 className="mb-6 text-2xl font-semibold">Devices</h1>
      <DevicePingPanel userChannelName={userChannel(user.id)} sendPing={pingOtherDevicesAction} />
    </div>
  );
}
