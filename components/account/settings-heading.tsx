import Link from "next/link";
import type { ReactNode } from "react";

/** The top of a settings page: the way back to Settings, the page's heading and what it is for. */
export function SettingsHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/settings" className="hover:underline">
          Settings
        </Link>
      </nav>
      <h1 className="mb-1 text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}
