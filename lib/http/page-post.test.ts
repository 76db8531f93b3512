import { describe, expect, it } from "vitest";
import { refuseForeignServerAction, refuseUnparsableFormPost } from "./page-post";

const post = (headers: Record<string, string>, body: string) =>
  new Request("http://localhost/sign-in", { method: "POST", headers, body });

describe("form posts to pages", () => {
  it("answers 400 to a multipart post that does not parse, before Next's action handler sees it", async () => {
    for (const type of ["multipart/form-data; boundary=----x", "multipart/form-data"]) {
      const refused = await refuseUnparsableFormPost(post({ "content-type": type }, '{"a":1}'));
      expect(refused?.status, type).toBe(400);
      expect((await (refused as Response).json()).error.code).toBe("invalid:form");
    }
  });

  it("lets a well-formed form, the app's own action calls and other posts through", async () => {
    const form = new FormData();
    form.set("identifier", "ana");
    const wire = new Request("http://localhost/", { method: "POST", body: form });
    const body = await wire.text();
    const type = wire.headers.get("content-type") as string;
    expect(await refuseUnparsableFormPost(post({ "content-type": type }, body))).toBeUndefined();
    const action = post({ "content-type": "multipart/form-data", "next-action": "7f00" }, "garbage");
    expect(await refuseUnparsableFormPost(action)).toBeUndefined();
    expect(await refuseUnparsableFormPost(post({ "content-type": "text/plain" }, "x"))).toBeUndefined();
    expect(await refuseUnparsableFormPost(new Request("http://localhost/"))).toBeUndefined();
  });
});

describe("server action calls", () => {
  const action = (headers: Record<string, string>) =>
    new Request("http://localhost:3000/", {
      method: "POST",
      headers: { host: "localhost:3000", "content-type": "text/plain", ...headers },
      body: "[]",
    });

  it("refuses a call from another site with 403 and an empty action id with 400", async () => {
    const cases: [Record<string, string>, number][] = [
      [{ "next-action": "7f00", origin: "https://evil.example" }, 403],
      [{ "next-action": "7f00", origin: "http://localhost:3000", "x-forwarded-host": "evil.example" }, 403],
      [{ "next-action": "7f00", origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }, 403],
      [{ "next-action": "" }, 400],
      [{ "next-action": "  " }, 400],
    ];
    for (const [headers, status] of cases) {
      expect(refuseForeignServerAction(action(headers))?.status, JSON.stringify(headers)).toBe(status);
    }
  });

  it("lets the app's own calls and ordinary requests through", () => {
    expect(
      refuseForeignServerAction(action({ "next-action": "7f00", origin: "http://localhost:3000" })),
    ).toBe(undefined);
    expect(refuseForeignServerAction(action({}))).toBeUndefined();
  });
});
