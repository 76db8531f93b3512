import { describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env";
import { buildContentSecurityPolicy } from "@/lib/http/csp";
import { getUploadthingCspSources } from "./csp-sources";

const token = btoa(JSON.stringify({ apiKey: "sk_live_abc", appId: "app123", regions: ["sea1", "fra1"] }));

describe("getUploadthingCspSources", () => {
  it("adds nothing on the local driver", () => {
    expect(getUploadthingCspSources(parseServerEnv({}))).toEqual({ connect: [], files: [] });
    const csp = buildContentSecurityPolicy({ nonce: "n", isDev: false, connectSources: [] });
    expect(csp).toContain("media-src 'self' blob:;");
  });

  it("allows uploadthing's regional ingest and the app's file host by default", () => {
    expect(getUploadthingCspSources(parseServerEnv({ UPLOADTHING_TOKEN: token }))).toEqual({
      connect: ["https://sea1.ingest.uploadthing.com", "https://fra1.ingest.uploadthing.com"],
      files: ["https://app123.ufs.sh"],
    });
  });

  it("follows the overrides (a local stand-in: http, app id in the path)", () => {
    const env = parseServerEnv({
      UPLOADTHING_TOKEN: token,
      UPLOADTHING_INGEST_URL: "http://localhost:4010",
      UPLOADTHING_UFS_HOST: "localhost:4010",
      UPLOADTHING_UFS_APP_ID_LOCATION: "path",
    });
    const sources = getUploadthingCspSources(env);
    expect(sources).toEqual({ connect: ["http://localhost:4010"], files: ["http://localhost:4010"] });
    const csp = buildContentSecurityPolicy({
      nonce: "n",
      isDev: false,
      connectSources: sources.connect,
      fileSources: sources.files,
    });
    expect(csp).toContain("connect-src 'self' http://localhost:4010");
    expect(csp).toContain("img-src 'self' blob: data: https: http://localhost:4010");
    expect(csp).toContain("media-src 'self' blob: http://localhost:4010");
  });
});
