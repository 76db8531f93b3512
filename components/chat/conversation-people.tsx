"use client";

import { createContext, type ReactNode, useContext, useMemo } from "react";

// Messages name people by id (mentions, reactions); the conversation page already holds its
// members, so the names come from there rather than from each message.

export interface ConversationPeople {
  viewerId: string | null;
  /** The member's current display name; undefined for someone no longer in the conversation. */
  nameOf: (userId: string) => string | undefined;
}

const PeopleContext = createContext<ConversationPeople>({ viewerId: null, nameOf: () => undefined });

export function ConversationPeopleProvider({
  viewerId,
  members,
  children,
}: {
  viewerId: string;
  members: { id: string; displayName: string }[];
  children: ReactNode;
}) {
  const value = useMemo(() => {
    const names = new Map(members.map((member) => [member.id, member.displayName]));
    return { viewerId, nameOf: (userId: string) => names.get(userId) };
  }, [viewerId, members]);
  return <PeopleContext.Provider value={value}>{children}</PeopleContext.Provider>;
}

export function useConversationPeople(): ConversationPeople {
  return useContext(PeopleContext);
}
