import { describe, expect, it } from "vitest";
import { refusal } from "@/tests/support/refusal";
import { pathSegment, queryFrom, readJsonBody, socketIdFrom } from "./request-readers";

const request = (headers: Record<string, string> = {}, body?: string) =>
  new Request("http://localhost/api/conversations/c1/messages?before=m1&limit=&after=", {
    method: body === undefined ? "GET" : "POST",
    headers,
    body,
  });

describe("chat request readers", () => {
  it("takes a well-formed X-Socket-Id and refuses anything else", async () => {
    expect(socketIdFrom(request({ "X-Socket-Id": "123.456" }))).toBe("123.456");
    expect(socketIdFrom(request())).toBeNull();
    for (const bad of ["123", "a.b", "1.2.3", "123.456x"]) {
      const error = await refusal(
        Promise.resolve().then(() => socketIdFrom(request({ "X-Socket-Id": bad }))),
      );
      expect(error.code).toBe("invalid:socket_id");
    }
  });

  it("reads JSON bodies and answers invalid:json for anything else", async () => {
    const json = { "content-type": "application/json" };
    expect(await readJsonBody(request(json, '{"a":1}'))).toEqual({ a: 1 });
    expect((await refusal(readJsonBody(request(json, "{not json")))).code).toBe("invalid:json");
  });

  it("drops empty query parameters", () => {
    expect(queryFrom(request())).toEqual({ before: "m1" });
  });

  it("decodes a percent-encoded path segment once and refuses a malformed one", async () => {
    expect(pathSegment(encodeURIComponent("👨‍👩‍👧‍👦"))).toBe("👨‍👩‍👧‍👦");
    expect(pathSegment("👍")).toBe("👍");
    expect((await refusal(Promise.resolve().then(() => pathSegment("%E0%A4%A")))).code).toBe("invalid:path");
  });
});
