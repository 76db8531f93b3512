import { saveThemeAction } from "@/app/(chat)/settings/profile/actions";
import { UserMenu } from "@/components/account/user-menu";
import { ThemeMenu } from "@/components/theme/theme-menu";
import type { AccountSummary } from "@/lib/accounts/types";
import { NavLinks } from "./nav-links";

export function Sidebar({ user, onNavigate }: { user: AccountSummary; onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-14 items-center justify-between border-b border-border px-4">
        <span className="text-lg font-bold tracking-tight">Parley</span>
        <ThemeMenu onChange={saveThemeAction} />
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto p-2">
        <NavLinks onNavigate={onNavigate} />
      </nav>
      <div className="border-t border-border p-2">
        <UserMenu user={user} onNavigate={onNavigate} />
      </div>
    </div>
  );
}
