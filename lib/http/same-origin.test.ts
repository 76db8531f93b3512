import { describe, expect, it } from "vitest";
import { withUser } from "@/lib/auth/require-user";
import { refusal } from "@/tests/support/refusal";
import { assertSameOrigin } from "./same-origin";

const request = (headers: Record<string, string>, method = "POST") =>
  new Request("http://localhost:3000/api/conversations", {
    method,
    headers: { host: "localhost:3000", ...headers },
  });

const check = (headers: Record<string, string>, publicOrigin?: string) =>
  Promise.resolve().then(() => assertSameOrigin(request(headers), publicOrigin));

describe("same-origin checks for state-changing requests", () => {
  it("lets the app's own pages through, and requests no browser sent cross-site", async () => {
    await check({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" });
    await check({ origin: "http://LOCALHOST:3000" });
    await check({ "sec-fetch-site": "none" });
    await check({});
    // Behind a proxy that says which host the browser used…
    await check({
      host: "127.0.0.1:3000",
      "x-forwarded-host": "chat.example.org",
      origin: "https://chat.example.org",
    });
    // …or one that rewrites Host, when the public address is configured.
    await check({ host: "app:3000", origin: "https://chat.example.org" }, "https://chat.example.org");
  });

  it("refuses a foreign Origin, a sibling origin, `null`, and what the browser calls cross-site", async () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "http://localhost:3001" },
      { origin: "null" },
      { origin: "not a url" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "http://localhost:3000" },
      { "sec-fetch-site": "cross-site", origin: "http://localhost:3000" },
      { host: "127.0.0.1:3000", "x-forwarded-host": "chat.example.org", origin: "https://evil.example" },
    ];
    for (const headers of cases) {
      const error = await refusal(check(headers, "https://chat.example.org"));
      expect(error.code, JSON.stringify(headers)).toBe("forbidden:origin");
      expect(error.status).toBe(403);
    }
  });

  it("is applied by withUser to every state-changing method before the session is read", async () => {
    let ran = 0;
    const handler = withUser(async () => {
      ran++;
      return new Response(null, { status: 204 });
    });
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await handler(request({ origin: "https://evil.example" }, method), {});
      expect(response.status, method).toBe(403);
      expect((await response.json()).error.code).toBe("forbidden:origin");
      const crossSite = await handler(request({ "sec-fetch-site": "cross-site" }, method), {});
      expect(crossSite.status, method).toBe(403);
    }
    expect(ran).toBe(0);
  });
});

describe("route parameters", () => {
  it("refuses a parameter the database cannot hold with 404 before the handler runs", async () => {
    let ran = 0;
    const handler = withUser<{ params: Promise<{ id: string }> }>(async () => {
      ran++;
      return new Response(null, { status: 204 });
    });
    for (const id of ["\u0000", "a\u0000b", "\uD800"]) {
      const response = await handler(request({}, "GET"), { params: Promise.resolve({ id }) });
      expect(response.status, JSON.stringify(id)).toBe(404);
    }
    expect(ran).toBe(0);
  });
});
