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

/** The person's picture when it is a web address (OAuth), else their initials. Decorative: the name is always beside it. */
export function UserAvatar({
  name,
  avatar,
  className,
}: {
  name: string;
  avatar: string | null;
  className?: string;
}) {
  const base = cn(
    "inline-flex size-8 shrink-0 items-center justify-center overflow-hidden rounded-full",
    className,
  );
  if (avatar?.startsWith("https://")) {
    return (
      // biome-ignore lint/performance/noImgElement: provider avatars are remote and tiny; no optimisation pass needed
      <img
        src={avatar}
        alt=""
        aria-hidden
        className={cn(base, "object-cover")}
        referrerPolicy="no-referrer"
      />
    );
  }
  return (
    <span aria-hidden className={cn(base, "bg-primary text-xs font-semibold text-primary-foreground")}>
      {initialsOf(name) || "?"}
    </span>
  );
}
