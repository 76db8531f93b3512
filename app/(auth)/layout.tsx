import type { ReactNode } from "react";
import { ThemeMenu } from "@/components/theme/theme-menu";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center justify-between px-4">
        <span className="text-lg font-bold tracking-tight">Parley</span>
        <ThemeMenu />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pb-12 sm:items-center">
        <div className="w-full max-w-sm rounded-lg border border-border bg-card p-6 shadow-sm">
          {children}
        </div>
      </main>
    </div>
  );
}
