import { describe, expect, it } from "vitest";
import { refuseUnparsableFormPost } from "./page-post";

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
