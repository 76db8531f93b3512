import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { AccountSummary } from "@/lib/accounts/profile";
import { AppError, errorResponse } from "@/lib/errors";
import { guardRouteParams, guardRouteRequest } from "@/lib/http/route-guard";
import { readSessionUser } from "./session-reader";

/**
 * The signed-in user for this request, or null. The row has just been re-read (see
 * session-reader.ts), so names are current. Cached per request: layout and page share one lookup.
 */
export const getCurrentUser = cache(
  async (): Promise<AccountSummary | null> => readSessionUser({ headers: await headers() }),
);

/** For pages and layouts: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<AccountSummary> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For server actions: the signed-in user, or an `unauthorized` AppError the action maps. */
export async function requireActionUser(): Promise<AccountSummary> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  return user;
}

/**
 * For route handlers: refuses a state-changing request from another site (403), runs `handler`
 * with the signed-in user, answers 401 JSON without one, and maps any AppError the handler
 * throws to its status.
 */
export function withUser<Context>(
  handler: (request: Request, context: Context & { user: AccountSummary }) => Promise<Response>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    try {
      guardRouteRequest(request);
      await guardRouteParams(context);
      const user = await getCurrentUser();
      if (!user) throw new AppError("unauthorized");
      return await handler(request, { ...context, user });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
