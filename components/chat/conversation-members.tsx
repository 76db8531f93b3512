"use client";

import { createContext, type ReactNode, useContext, useMemo } from "react";

export interface ConversationMember {
  id: string;
  username: string;
  displayName: string;
  avatar: string | null;
  role: "owner" | "admin" | "moderator" | "member";
}

export interface ConversationMembers {
  members: ConversationMember[];
  viewerId: string;
  /** @everyone is for groups, and only for the roles that may notify everyone. */
  canMentionEveryone: boolean;
  /** A member's current display name; undefined for someone no longer in the conversation. */
  nameOf: (userId: string) => string | undefined;
}

const MembersContext = createContext<ConversationMembers | null>(null);

/**
 * The open conversation's members: the editor's mention suggestions, and names for what messages
 * refer to by id (mentions, reactions) — the page already holds them, so messages need not.
 */
export function ConversationMembersProvider({
  members,
  viewerId,
  isGroup,
  children,
}: {
  members: ConversationMember[];
  viewerId: string;
  isGroup: boolean;
  children: ReactNode;
}) {
  const value = useMemo(() => {
    const role = members.find((member) => member.id === viewerId)?.role;
    const names = new Map(members.map((member) => [member.id, member.displayName]));
    return {
      members,
      viewerId,
      canMentionEveryone: isGroup && (role === "owner" || role === "admin"),
      nameOf: (userId: string) => names.get(userId),
    };
  }, [members, viewerId, isGroup]);
  return <MembersContext.Provider value={value}>{children}</MembersContext.Provider>;
}

const NONE: ConversationMembers = {
  members: [],
  viewerId: "",
  canMentionEveryone: false,
  nameOf: () => undefined,
};

export function useConversationMembers(): ConversationMembers {
  return useContext(MembersContext) ?? NONE;
}
