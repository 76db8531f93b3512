import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { verifyRealtimeWebhook } from "./webhook";

const KEY = "webhook-test-key";
const SECRET = "webhook-test-secret";

function signedHeaders(body: string, secret = SECRET): Headers {
  return new Headers({
    "content-type": "application/json",
    "x-pusher-key": KEY,
    "x-pusher-signature": createHmac("sha256", secret).update(body).digest("hex"),
  });
}

beforeAll(() => {
  Object.assign(process.env, {
    PUSHER_APP_ID: "1",
    PUSHER_KEY: KEY,
    PUSHER_SECRET: SECRET,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: "6001",
  });
  resetEnvCache();
});

describe("verifyRealtimeWebhook", () => {
  const body = JSON.stringify({
    time_ms: Date.now(),
    events: [
      { name: "member_added", channel: "presence-conversation-c1", user_id: "u1" },
      { name: "channel_vacated", channel: "private-user-u1" },
      { name: "some_future_event", channel: "x" },
    ],
  });

  it("accepts a correctly signed body and returns the known events", () => {
    expect(verifyRealtimeWebhook(signedHeaders(body), body)).toEqual([
      { name: "member_added", channel: "presence-conversation-c1", user_id: "u1" },
      { name: "channel_vacated", channel: "private-user-u1" },
    ]);
  });

  it("refuses a body signed with another secret", () => {
    expect(() => verifyRealtimeWebhook(signedHeaders(body, "wrong"), body)).toThrow(AppError);
  });

  it("refuses a body altered after signing", () => {
    const altered = body.replace("u1", "u2");
    expect(() => verifyRealtimeWebhook(signedHeaders(body), altered)).toThrow(/Invalid webhook signature/);
  });
});
