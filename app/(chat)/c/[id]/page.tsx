import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UserAvatar } from "@/components/account/user-avatar";
import { FilesPanelButton } from "@/components/chat/attachments/files-panel";
import { ConversationView } from "@/components/chat/conversation-view";
import { requireUser } from "@/lib/auth/require-user";
import { getConversationForMember } from "@/lib/chat/conversations/conversations";
import { isAppError } from "@/lib/errors";
import { getUploadLimits } from "@/lib/files/limits";
import { getStorageKind } from "@/lib/files/storage-kind";
import { conversationChannel } from "@/lib/realtime/channels";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ m?: string | string[] }>;
};

/** `?m={messageId}` links open the history around that message; anything else is ignored. */
function linkedMessageId(value: string | string[] | undefined): string | null {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
}

async function loadConversation(conversationId: string) {
  const user = await requireUser();
  try {
    return { user, conversation: await getConversationForMember({ actor: user, conversationId }) };
  } catch (error) {
    // Not a member looks exactly like no such conversation.
    if (isAppError(error) && error.kind === "not_found") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { conversation } = await loadConversation((await params).id);
  return { title: conversation.name };
}

export default async function ConversationPage({ params, searchParams }: Props) {
  const { user, conversation } = await loadConversation((await params).id);
  const linked = linkedMessageId((await searchParams).m);
  const members = conversation.members.map(({ id, username, displayName, avatar, role }) => ({
    id,
    username,
    displayName,
    avatar,
    role,
  }));
  return (
    <div className="flex h-full flex-col">
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-border px-4">
        <UserAvatar name={conversation.name} avatar={conversation.avatar} />
        <h1 className="truncate font-semibold">{conversation.name}</h1>
        {conversation.kind === "group" ? (
          <span className="text-sm text-muted-foreground">{conversation.members.length} members</span>
        ) : null}
        <FilesPanelButton conversationId={conversation.id} />
      </header>
      <ConversationView
        key={`${conversation.id}:${linked ?? ""}`}
        conversationId={conversation.id}
        linkedMessageId={linked}
        lastReadMessageId={conversation.lastReadMessageId}
        channelName={conversationChannel(conversation.id)}
        viewer={{
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          avatar: user.avatar,
        }}
        isGroup={conversation.kind === "group"}
        members={members}
        storageDriver={getStorageKind()}
        uploadLimits={getUploadLimits()}
      />
    </div>
  );
}
