import { generateSignedURL } from "@uploadthing/shared";
import * as Micro from "effect/Micro";
import * as Redacted from "effect/Redacted";
import { UTApi, UTFile } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUploadthingStandIn, type UploadthingStandIn } from "@/tests/uploadthing-stand-in";

// The official server SDK, unmodified, against the local stand-in of uploadthing's cloud.

let standIn: UploadthingStandIn;
let utapi: UTApi;

beforeAll(async () => {
  standIn = await startUploadthingStandIn();
  utapi = new UTApi({
    token: standIn.token,
    ingestUrl: standIn.env.UPLOADTHING_INGEST_URL,
    apiUrl: standIn.env.UPLOADTHING_API_URL,
    ufsHost: standIn.env.UPLOADTHING_UFS_HOST,
    ufsAppIdLocation: "path",
    logLevel: "Error",
  } as ConstructorParameters<typeof UTApi>[0]);
});
afterAll(() => standIn.stop());

const bytes = (text: string) => new TextEncoder().encode(text);

describe("uploadthing stand-in with UTApi", () => {
  it("uploadFiles stores a private file under its customId; generateSignedURL and getSignedURL read it back", async () => {
    const result = await utapi.uploadFiles(
      new UTFile([bytes("hello stand-in")], "hello.txt", { customId: "attachments_a1.txt" }),
      {
        acl: "private",
      },
    );
    expect(result.error).toBeNull();
    const data = result.data;
    if (!data) throw new Error("no data");
    expect(data.customId).toBe("attachments_a1.txt");
    expect(data.ufsUrl).toBe(`${standIn.url}/a/${standIn.appId}/${data.key}`);
    expect(standIn.files().map((f) => [f.key, f.customId, f.size, f.acl])).toContainEqual([
      data.key,
      "attachments_a1.txt",
      14,
      "private",
    ]);

    // Private: the plain URL is refused, a signed one works (by key and by customId).
    expect((await fetch(data.ufsUrl)).status).toBe(403);
    const { ufsUrl } = await utapi.generateSignedURL("attachments_a1.txt", { expiresIn: 60 });
    const response = await fetch(ufsUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello stand-in");
    const viaApi = await utapi.getSignedURL(data.key, { expiresIn: 60 });
    expect(await (await fetch(viaApi.ufsUrl)).text()).toBe("hello stand-in");

    // Range requests on the file host.
    const ranged = await fetch(ufsUrl, { headers: { range: "bytes=0-4" } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe("hello");
  });

  it("refuses a signed file URL whose signature was tampered with, made with another key, or expired", async () => {
    await utapi.uploadFiles(new UTFile([bytes("secret")], "s.txt", { customId: "attachments_s.txt" }), {
      acl: "private",
    });
    const { ufsUrl } = await utapi.generateSignedURL("attachments_s.txt", { expiresIn: 60 });
    const tampered = ufsUrl.replace(
      /signature=hmac-sha256%3D(.)/,
      (_m, c) => `signature=hmac-sha256%3D${c === "0" ? "1" : "0"}`,
    );
    const forged = await Micro.runPromise(
      generateSignedURL(
        `${standIn.url}/a/${standIn.appId}/attachments_s.txt`,
        Redacted.make("sk_live_not_the_key"),
        { ttlInSeconds: 60 },
      ),
    );
    const expired = await Micro.runPromise(
      generateSignedURL(
        `${standIn.url}/a/${standIn.appId}/attachments_s.txt`,
        Redacted.make(standIn.apiKey),
        { ttlInSeconds: -10 },
      ),
    );
    for (const url of [tampered, forged, expired]) {
      const response = await fetch(url);
      expect(response.status).toBe(403);
      expect(await response.json()).toHaveProperty("error");
    }
  });

  it("deleteFiles removes by key and by customId, and deleting again is not an error", async () => {
    const up = await utapi.uploadFiles(
      new UTFile([bytes("bye")], "bye.txt", { customId: "attachments_bye.txt" }),
    );
    const key = up.data?.key as string;
    expect(await utapi.deleteFiles("attachments_bye.txt", { keyType: "customId" })).toEqual({
      success: true,
      deletedCount: 1,
    });
    expect(standIn.files().some((f) => f.key === key)).toBe(false);
    expect(await utapi.deleteFiles(key)).toEqual({ success: true, deletedCount: 0 });
  });

  it("listFiles lists what is stored", async () => {
    const up = await utapi.uploadFiles(new UTFile([bytes("listed")], "listed.txt"));
    const { files } = await utapi.listFiles({ limit: 500 });
    expect(files.map((f) => f.key)).toContain(up.data?.key);
  });

  it("refuses an upload to a presigned URL signed with another key, and a body larger than declared", async () => {
    const before = standIn.files().length;
    const wrongKey = new UTApi({ ...utapiOptions(), token: tokenWith("sk_live_wrong") } as never);
    const forged = await wrongKey.uploadFiles(new UTFile([bytes("x")], "x.txt"));
    expect(forged.error?.code).toBe("UPLOAD_FAILED");

    const key =
      (await import("@/tests/uploadthing-stand-in/signing")).appKeyPrefix(standIn.appId) +
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
    const url = await Micro.runPromise(
      generateSignedURL(`${standIn.url}/${key}`, Redacted.make(standIn.apiKey), {
        data: { "x-ut-identifier": standIn.appId, "x-ut-file-name": "big.bin", "x-ut-file-size": 4 },
      }),
    );
    const oversized = await fetch(url, { method: "PUT", body: bytes("more than four bytes") });
    expect(oversized.status).toBe(413);
    expect(standIn.files().length).toBe(before);
    expect(standIn.partialUploads()).toEqual([]);
  });

  it("answers HEAD with x-ut-range-start so an interrupted upload resumes with Range", async () => {
    const key =
      (await import("@/tests/uploadthing-stand-in/signing")).appKeyPrefix(standIn.appId) +
      "resumeresumeresumeresumeresumeresume";
    const url = await Micro.runPromise(
      generateSignedURL(`${standIn.url}/${key}`, Redacted.make(standIn.apiKey), {
        data: { "x-ut-identifier": standIn.appId, "x-ut-file-name": "r.bin", "x-ut-file-size": 10 },
      }),
    );
    const head = await fetch(url, { method: "HEAD" });
    expect(head.headers.get("x-ut-range-start")).toBe("0");
    const done = await fetch(url, {
      method: "PUT",
      headers: { range: "bytes=0-" },
      body: bytes("0123456789"),
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ ufsUrl: `${standIn.url}/a/${standIn.appId}/${key}` });
  });
});

function utapiOptions() {
  return {
    ingestUrl: standIn.env.UPLOADTHING_INGEST_URL,
    apiUrl: standIn.env.UPLOADTHING_API_URL,
    ufsHost: standIn.env.UPLOADTHING_UFS_HOST,
    ufsAppIdLocation: "path",
    logLevel: "Error",
  };
}

function tokenWith(apiKey: string) {
  return Buffer.from(JSON.stringify({ apiKey, appId: standIn.appId, regions: ["local1"] })).toString(
    "base64",
  );
}
