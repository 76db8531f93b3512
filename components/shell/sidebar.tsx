import { saveThemeAction } from "@/app/(chat)/settings/profile/actions";
import { UserMenu } from "@/components/account/user-menu";
import { ConversationList } from "@/components/chat/conversation-list";
import { NewGroupDialog } from "@/components/chat/new-group-dialog";
import { NewMessageDialog } from "@/components/chat/new-message-dialog";
import { ThemeMenu } from "@/components/theme/theme-menu";
import type { AccountSummary } from "@/lib/accounts/types";
import { userChannel } from "@/lib/realtime/channels";
import { NavLinks } from "./nav-links";

export function Sidebar({ user, onNavigate }: { user: AccountSummary; onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-14 items-center justify-between border-b border-border px-4">
        <span className="text-lg font-bold tracking-tight">Parley</span>
        <ThemeMenu onChange={saveThemeAction} />
      </div>
      <nav aria-label="Main" className="p-2">
        <NavLinks onNavigate={onNavigate} />
      </nav>
      <section
        aria-labelledby="conversations-heading"
        className="min-h-0 flex-1 overflow-y-auto border-t border-border p-2"
      >
        <div className="flex items-center justify-between px-3 py-1">
          <h2
            id="conversations-heading"
            className="text-xs font-semibold uppercase tracking-wide text-muted-foreground"
          >
            Conversations
          </h2>
          <div className="flex">
            <NewMessageDialog onNavigate={onNavigate} />
            <NewGroupDialog onNavigate={onNavigate} />
          </div>
        </div>
        <ConversationList userChannelName={userChannel(user.id)} onNavigate={onNavigate} />
      </section>
      <div className="border-t border-border p-2">
        <UserMenu user={user} onNavigate={onNavigate} />
      </div>
    </div>
  );
}
