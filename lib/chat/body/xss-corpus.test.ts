import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { setActionLimitsForTests } from "@/lib/rate-limit/actions";
import { craftedDocuments, hostileLinkDocuments } from "@/tests/fixtures/xss/crafted-documents";
import { textPayloads } from "@/tests/fixtures/xss/text-payloads";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";

// The XSS corpus against the domain, fast: the same payloads the e2e spec renders in Chromium.
// Every text payload is stored verbatim (or, for characters PostgreSQL cannot hold, refused with
// an AppError, never a raw database error); every crafted document is refused with an AppError
// and writes nothing.

// Requests the HTTP layer refuses by size before parsing never reach the domain.
const MAX_JSON_BODY = 256 * 1024;

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cai: AccountSummary;
let conversationId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // Hundreds of sends by one person in a few seconds: the send limit is not what is tested here.
  setActionLimitsForTests({ scale: 100 });
  realtime = await startTestRealtime();
  [ana, ben, cai] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cai")];
  conversationId = (await findOrCreateDirectConversation({ actor: ana, otherUserId: ben.id })).id;
});

afterAll(async () => {
  setActionLimitsForTests(undefined);
  await realtime?.close();
  await database?.drop();
});

const squash = (text: string) => text.replace(/\s+/g, "");

describe("XSS corpus", () => {
  it("has the promised size", () => {
    expect(textPayloads.length).toBeGreaterThanOrEqual(200);
    expect(new Set(textPayloads.map((p) => squash(p.text))).size).toBe(textPayloads.length);
    const crafted = craftedDocuments({ outsiderId: "x", memberId: "y", clientNonce: nonce });
    expect(crafted.length).toBeGreaterThanOrEqual(40);
    expect(hostileLinkDocuments().length).toBeGreaterThanOrEqual(30);
  });

  it("stores every text payload verbatim, or refuses an unstorable one with an AppError", async () => {
    const problems: string[] = [];
    for (const payload of textPayloads) {
      try {
        const sent = await sendMessage({
          actor: ana,
          conversationId,
          body: { text: payload.text },
          clientNonce: nonce(),
        });
        if (squash(sent.plainText) !== squash(payload.text)) problems.push(`#${payload.id} changed`);
      } catch (error) {
        if (!(payload.mayBeRefused && isAppError(error) && error.kind === "invalid")) {
          problems.push(`#${payload.id} (${payload.category}): ${String(error).split("\n")[0]}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it("refuses every crafted document and hostile link with an AppError and writes nothing", async () => {
    const before = await getDb().message.count({ where: { conversationId } });
    const requests = [
      ...craftedDocuments({ outsiderId: cai.id, memberId: ben.id, clientNonce: nonce }),
      ...hostileLinkDocuments(),
    ];
    const accepted: string[] = [];
    for (const request of requests) {
      if ((request.raw ?? JSON.stringify(request.body)).length > MAX_JSON_BODY) continue;
      const body = request.raw ? JSON.parse(request.raw).body : request.body;
      const outcome = await sendMessage({ actor: ana, conversationId, body, clientNonce: nonce() }).then(
        () => "stored",
        (error: unknown) => (isAppError(error) ? null : `threw ${String(error).split("\n")[0]}`),
      );
      if (outcome) accepted.push(`${request.name}: ${outcome}`);
    }
    expect(accepted).toEqual([]);
    expect(await getDb().message.count({ where: { conversationId } })).toBe(before);
  });
});
