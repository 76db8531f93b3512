import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySignedRequest } from "./http-auth";

const app = { key: "key", secret: "secret" };
const now = 1_700_000_000_000;

function request(
  options: { body?: string; timestamp?: number; extra?: Record<string, string>; secret?: string } = {},
) {
  const body = options.body ?? "";
  const params: Record<string, string> = {
    auth_key: "key",
    auth_timestamp: String(options.timestamp ?? now / 1000),
    auth_version: "1.0",
    ...options.extra,
  };
  if (body) params.body_md5 = createHash("md5").update(body).digest("hex");
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  params.auth_signature = createHmac("sha256", options.secret ?? "secret")
    .update(`POST\n/apps/1/events\n${canonical}`)
    .digest("hex");
  return {
    method: "POST",
    path: "/apps/1/events",
    query: new URLSearchParams(params),
    body: Buffer.from(body),
  };
}

const verify = (req: ReturnType<typeof request>) =>
  verifySignedRequest(req, app, { timestampWindowSeconds: 600, now });

describe("verifySignedRequest", () => {
  it("accepts a correctly signed request with body and extra params", () => {
    expect(verify(request({ body: '{"a":1}', extra: { info: "user_count" } }))).toBeUndefined();
  });

  it("rejects a wrong secret, a changed path and a changed parameter", () => {
    expect(verify(request({ secret: "other" }))).toBe("Invalid signature");
    expect(verify({ ...request(), path: "/apps/2/events" })).toBe("Invalid signature");
    const changed = request({ extra: { info: "a" } });
    changed.query.set("info", "b");
    expect(verify(changed)).toBe("Invalid signature");
  });

  it("rejects timestamps outside ±600 s", () => {
    expect(verify(request({ timestamp: now / 1000 - 601 }))).toMatch(/auth_timestamp/);
    expect(verify(request({ timestamp: now / 1000 + 601 }))).toMatch(/auth_timestamp/);
    expect(verify(request({ timestamp: now / 1000 - 600 }))).toBeUndefined();
  });

  it("rejects a body that does not match body_md5", () => {
    const signed = request({ body: '{"a":1}' });
    expect(verify({ ...signed, body: Buffer.from('{"a":2}') })).toBe("body_md5 does not match the body");
  });

  it("rejects duplicate parameters and a wrong auth_version", () => {
    const duplicated = request();
    duplicated.query.append("auth_key", "key");
    expect(verify(duplicated)).toMatch(/Duplicate/);
    expect(verify(request({ extra: { auth_version: "2.0" } }))).toMatch(/auth_version/);
  });
});
