import type { ReactNode } from "react";
import { QueryProvider } from "@/components/chat/query-provider";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { AppShell } from "@/components/shell/app-shell";
import { AccentStyle, ProfileTheme } from "@/components/theme/profile-appearance";
import { accentStyleSheet } from "@/lib/accounts/appearance";
import { getAppearance } from "@/lib/accounts/profile";
import { requireUser } from "@/lib/auth/require-user";
import { getRealtimeClientConfig } from "@/lib/realtime/config";
import { isSignedInAction } from "./actions";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const appearance = await getAppearance({ actor: user });
  return (
    <QueryProvider>
      <RealtimeProvider config={getRealtimeClientConfig()} isSignedIn={isSignedInAction}>
        <AccentStyle css={accentStyleSheet(appearance?.accentColor ?? null)} />
        <ProfileTheme theme={appearance?.theme ?? "system"} />
        <ConnectionBanner />
        <AppShell user={user}>{children}</AppShell>
      </RealtimeProvider>
    </QueryProvider>
  );
}
