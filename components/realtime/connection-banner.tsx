"use client";

import { useEffect, useState } from "react";
import { useRealtime } from "./realtime-provider";

/** Tells the person when live updates are interrupted; silent while all is well. */
export function ConnectionBanner() {
  const { state } = useRealtime();
  // A first connect is not an outage: only speak up after a short grace period.
  const [isGraceOver, setIsGraceOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setIsGraceOver(true), 3_000);
    return () => clearTimeout(timer);
  }, []);
  const isDown = state === "unavailable" || state === "failed" || (isGraceOver && state === "connecting");
  if (!isDown) return null;
  return (
    <div
      role="status"
      className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      {state === "failed" ? "Live updates are not supported in this browser." : "Reconnecting…"}
    </div>
  );
}
