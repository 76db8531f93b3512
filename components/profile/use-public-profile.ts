"use client";

import { useEffect, useState } from "react";
import type { PublicProfile } from "@/lib/accounts/public-profile";

type ProfileState =
  | { status: "idle" | "loading" }
  | { status: "loaded"; profile: PublicProfile }
  | { status: "error"; message: string };

/** Loads a public profile while `isEnabled` (the card is open); re-fetched on each opening so it is current. */
export function usePublicProfile(userId: string, isEnabled: boolean): ProfileState {
  const [state, setState] = useState<ProfileState>({ status: "idle" });
  useEffect(() => {
    if (!isEnabled) return;
    const controller = new AbortController();
    setState((previous) => (previous.status === "loaded" ? previous : { status: "loading" }));
    fetch(`/api/users/${encodeURIComponent(userId)}`, { signal: controller.signal })
      .then(async (response) => {
        if (response.status === 404)
          return setState({ status: "error", message: "This account no longer exists." });
        if (!response.ok) return setState({ status: "error", message: "The profile could not be loaded." });
        setState({ status: "loaded", profile: (await response.json()) as PublicProfile });
      })
      .catch((error: unknown) => {
        if ((error as Error).name !== "AbortError") {
          setState({ status: "error", message: "The profile could not be loaded." });
        }
      });
    return () => controller.abort();
  }, [userId, isEnabled]);
  return state;
}
