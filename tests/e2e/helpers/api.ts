import { randomUUID } from "node:crypto";
import { type APIRequestContext, type APIResponse, expect } from "@playwright/test";

// The chat HTTP API as the app's screens call it, for setting the scene quickly.

/** The id of the person whose session `request` carries. */
export async function sessionUserId(request: APIRequestContext): Promise<string> {
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.id).toBeTruthy();
  return session.user.id as string;
}

/** Opens (or finds) the direct conversation with `userId` and returns its id. */
export async function createDirectConversation(request: APIRequestContext, userId: string): Promise<string> {
  const response = await request.post("/api/conversations", { data: { userId } });
  expect(response.ok()).toBe(true);
  return (await response.json()).id as string;
}

/** Posts a message (`body` as the composer sends it, e.g. `{ text }` or a rich-text document). */
export function postMessage(
  request: APIRequestContext,
  conversationId: string,
  body: unknown,
  { clientNonce = randomUUID(), replyToId }: { clientNonce?: string; replyToId?: string } = {},
): Promise<APIResponse> {
  return request.post(`/api/conversations/${conversationId}/messages`, {
    data: { body, clientNonce, replyToId },
  });
}

/**
 * postMessage for bursts larger than the send budget: a 429 is waited out as its Retry-After says
 * (as the composer does) and the same message sent again with the same nonce.
 */
export async function postMessagePaced(
  request: APIRequestContext,
  conversationId: string,
  body: unknown,
): Promise<APIResponse> {
  const clientNonce = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const response = await postMessage(request, conversationId, body, { clientNonce });
    if (response.status() !== 429 || attempt === 20) return response;
    const seconds = Number(response.headers()["retry-after"] ?? 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, seconds) * 1000));
  }
}
