"use client";

import { ProfileCardTrigger } from "@/components/profile/profile-card-trigger";
import { cn } from "@/lib/utils";
import { useConversationMembers } from "./conversation-members";

/**
 * A mention shows the member's current display name (the stored label is their username at the
 * time, kept as the fallback for someone who has since left) and opens their profile card.
 * Mentions of the viewer, and @everyone, stand out.
 */
export function MessageMention({ id, label }: { id: unknown; label: unknown }) {
  const { viewerId, nameOf } = useConversationMembers();
  const fallback = typeof label === "string" && label !== "" ? label : "unknown";
  if (id === "everyone") {
    return <span className="rounded bg-accent px-0.5 font-medium text-accent-foreground">@everyone</span>;
  }
  if (typeof id !== "string" || id === "") return <span>@{fallback}</span>;
  const name = `@${nameOf(id) ?? fallback}`;
  return (
    <ProfileCardTrigger
      userId={id}
      label={name}
      cardLabel={`Profile card of ${name.slice(1)}`}
      className={cn(
        "inline rounded px-0.5 font-medium text-primary hover:underline",
        id === viewerId && "bg-accent text-accent-foreground",
      )}
    >
      {name}
    </ProfileCardTrigger>
  );
}
