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
}

const MembersContext = createContext<ConversationMembers | null>(null);

/** The open conversation's members, for mentions in the editor (and anything rendering them). */
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
    return { members, viewerId, canMentionEveryone: isGroup && (role === "owner" || role === "admin") };
  }, [members, viewerId, isGroup]);
  return <MembersContext.Provider value={value}>{children}</MembersContext.Provider>;
}

const NONE: ConversationMembers = { members: [], viewerId: "", canMentionEveryone: false };

export function useConversationMembers(): ConversationMembers {
  return useContext(MembersContext) ?? NONE;
}
