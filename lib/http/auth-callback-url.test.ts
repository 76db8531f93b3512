import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { assertUsableCallbackUrls } from "./auth-callback-url";

const check = (url: string, cookie?: string) => () =>
  assertUsableCallbackUrls(new NextRequest(url, { headers: cookie ? { cookie } : {} }));

describe("Auth.js callback URLs", () => {
  it("refuses one Auth.js would answer with a 500, from the query or the cookie", () => {
    expect(check("http://localhost/api/auth/session?callbackUrl=qqq")).toThrow("callback URL");
    expect(check("http://localhost/api/auth/session?callbackUrl=javascript:alert(1)")).toThrow(
      "callback URL",
    );
    expect(check("http://localhost/api/auth/session", "authjs.callback-url=qqq")).toThrow("callback URL");
  });

  it("passes paths, http(s) URLs and their absence", () => {
    expect(check("http://localhost/api/auth/session?callbackUrl=%2Fc%2Fx")).not.toThrow();
    expect(check("http://localhost/api/auth/session?callbackUrl=https%3A%2F%2Fx.example%2F")).not.toThrow();
    expect(check("http://localhost/api/auth/session", "authjs.callback-url=%2F")).not.toThrow();
    expect(check("http://localhost/api/auth/session")).not.toThrow();
  });
});
