"use server";

import { getCurrentUser } from "@/lib/auth/require-user";

/** Whether this browser's session is still valid (asked after the server closed its socket). */
export async function isSignedInAction(): Promise<boolean> {
  return (await getCurrentUser()) !== null;
}
