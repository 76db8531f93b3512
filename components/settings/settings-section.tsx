import { ChevronRight } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

export function SettingsSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-border p-4">
      <h2 id={id} className="mb-2 font-medium">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A link to a settings page, described by the line beneath it. */
export function SettingsLink({
  href,
  label,
  description,
}: {
  href: string;
  label: string;
  description: string;
}) {
  const descriptionId = `${href.replaceAll("/", "-").slice(1)}-description`;
  return (
    <div className="mb-2 last:mb-0">
      <Link
        href={href}
        aria-describedby={descriptionId}
        className="-mx-2 flex items-center justify-between rounded-md px-2 py-2 text-sm font-medium hover:bg-muted"
      >
        {label}
        <ChevronRight aria-hidden className="size-4 text-muted-foreground" />
      </Link>
      <p id={descriptionId} className="text-sm text-muted-foreground">
        {description}
      </p>
    </div>
  );
}
