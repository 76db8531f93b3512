import type { ReactNode } from "react";
import type { AccountSummary } from "@/lib/accounts/types";
import { MobileNav } from "./mobile-nav";
import { Sidebar } from "./sidebar";

/** Sidebar beside the main pane on wide screens; a drawer behind a menu button on phones. */
export function AppShell({ user, children }: { user: AccountSummary; children: ReactNode }) {
  return (
    <div className="flex h-dvh">
      <aside className="hidden w-72 shrink-0 border-r border-border md:block">
        <Sidebar user={user} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center gap-2 border-b border-border px-2 md:hidden">
          <MobileNav user={user} />
          <span className="font-bold">Parley</span>
        </header>
        <main id="main" className="min-h-0 flex-1 overflow-y-auto">
          {children}
        </main>
      </div>
    </div>
  );
}
