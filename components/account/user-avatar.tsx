import { cn } from "@/lib/utils";

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name.trim()];
  return letters
    .map((word) => Array.from(word ?? "")[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/** Uploaded avatars (served by the app) and OAuth provider pictures; anything else is ignored. */
function isShowableAvatar(avatar: string | null): avatar is string {
  return Boolean(avatar && (avatar.startsWith("/api/files/avatars/") || avatar.startsWith("https://")));
}

/**
 * The person's picture, else their initials. Decorative by default (the name is beside it);
 * pass `alt` where the picture stands on its own.
 */
export function UserAvatar({
  name,
  avatar,
  alt,
  className,
}: {
  name: string;
  avatar: string | null;
  alt?: string;
  className?: string;
}) {
  const base = cn(
    "inline-flex size-8 shrink-0 items-center justify-center overflow-hidden rounded-full",
    className,
  );
  if (isShowableAvatar(avatar)) {
    return (
      // biome-ignore lint/performance/noImgElement: avatars are already 256px WebP (or remote provider images); no optimisation pass needed
      <img
        src={avatar}
        alt={alt ?? ""}
        aria-hidden={alt ? undefined : true}
        className={cn(base, "bg-muted object-cover")}
        referrerPolicy="no-referrer"
      />
    );
  }
  const initials = initialsOf(name) || "?";
  if (alt) {
    return (
      <span
        role="img"
        aria-label={alt}
        className={cn(base, "bg-primary text-xs font-semibold text-primary-foreground")}
      >
        {initials}
      </span>
    );
  }
  // Drawn by CSS, not as text: decorative initials inside a labelled control (the profile-card
  // button) would otherwise be visible text missing from its accessible name (WCAG 2.5.3).
  return (
    <span
      aria-hidden
      data-initials={initials}
      className={cn(
        base,
        "bg-primary text-xs font-semibold text-primary-foreground before:content-[attr(data-initials)]",
      )}
    />
  );
}
