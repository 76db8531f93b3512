import { UserAvatar } from "@/components/account/user-avatar";
import type { PublicProfile } from "@/lib/accounts/public-profile";

/**
 * A person's public profile. Every field is user-written text rendered as text (React escapes
 * it), never as HTML.
 */
export function ProfileCard({ profile, headingLevel = 2 }: { profile: PublicProfile; headingLevel?: 1 | 2 }) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <article aria-labelledby={`profile-${profile.id}-name`} className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <UserAvatar
          name={profile.displayName}
          avatar={profile.avatar}
          alt={`Avatar of ${profile.displayName}`}
          className="size-16 text-xl"
        />
        <div className="min-w-0">
          <Heading id={`profile-${profile.id}-name`} className="truncate text-lg font-semibold">
            {profile.displayName}
          </Heading>
          <p className="truncate text-sm text-muted-foreground">@{profile.username}</p>
        </div>
      </div>
      {profile.status ? (
        <p className="flex items-center gap-2 text-sm">
          <span className="sr-only">Status: </span>
          {profile.status.emoji ? <span aria-hidden>{profile.status.emoji}</span> : null}
          <span>
            {profile.status.text ??
              (profile.status.emoji ? <span className="sr-only">{profile.status.emoji}</span> : null)}
          </span>
        </p>
      ) : null}
      {profile.bio ? <p className="whitespace-pre-line break-words text-sm">{profile.bio}</p> : null}
    </article>
  );
}
