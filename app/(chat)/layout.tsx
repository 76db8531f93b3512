import type { ReactNode } from "react";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/require-user";
import { getRealtimeClientConfig } from "@/lib/realtime/config";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <RealtimeProvider config={getRealtimeClientConfig()}>
      <ConnectionBanner />
      <AppShell user={user}>{children}</AppShell>
    </RealtimeProvider>
  );
}
