import type { Metadata } from "next";
import { SettingsHeading } from "@/components/account/settings-heading";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { DevicePingPanel } from "@/components/realtime/device-ping-panel";
import { requireUser } from "@/lib/auth/require-user";
import { userChannel } from "@/lib/realtime/channels";
import { pingOtherDevicesAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage() {
  const user = await requireUser();
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4 p-4 sm:p-6">
      <SettingsHeading title="Devices" />
      <DevicePingPanel userChannelName={userChannel(user.id)} sendPing={pingOtherDevicesAction} />
      <SignOutEverywhere signOutEverywhere={signOutEverywhereAction} />
    </div>
  );
}
