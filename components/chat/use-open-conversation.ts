"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Runs a call that yields a conversation, then opens it; keeps the busy flag and a safe error. */
export function useOpenConversation(onOpened: () => void) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const run = async (open: () => Promise<{ id: string }>, failure: string) => {
    setIsBusy(true);
    setError(null);
    try {
      const { id } = await open();
      onOpened();
      router.push(`/c/${id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : failure);
    } finally {
      setIsBusy(false);
    }
  };
  return { run, error, isBusy };
}
