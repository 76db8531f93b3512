import { describe, expect, it } from "vitest";
import { EnvError, parseServerEnv } from "@/lib/env";
import { decodeUploadthingToken } from "./token";

const encode = (value: unknown) => btoa(JSON.stringify(value));

describe("UPLOADTHING_TOKEN", () => {
  it("decodes the dashboard's token: base64 JSON { apiKey, appId, regions }", () => {
    const token = encode({ apiKey: "sk_live_abc", appId: "app1", regions: ["sea1"] });
    expect(decodeUploadthingToken(token)).toEqual({
      apiKey: "sk_live_abc",
      appId: "app1",
      regions: ["sea1"],
    });
    expect(parseServerEnv({ UPLOADTHING_TOKEN: token }).UPLOADTHING_TOKEN).toBe(token);
  });

  it.each([
    ["not base64 JSON", "not-a-token"],
    ["a legacy secret key", "sk_live_0123456789abcdef"],
    ["no regions", encode({ apiKey: "sk_live_abc", appId: "app1", regions: [] })],
    ["a key without sk_", encode({ apiKey: "pk_abc", appId: "app1", regions: ["sea1"] })],
    ["no app id", encode({ apiKey: "sk_live_abc", regions: ["sea1"] })],
  ])("refuses %s with one line naming the variable", (_label, token) => {
    expect(() => parseServerEnv({ UPLOADTHING_TOKEN: token })).toThrow(EnvError);
    expect(() => parseServerEnv({ UPLOADTHING_TOKEN: token })).toThrow(
      /^Invalid configuration: UPLOADTHING_TOKEN is not an uploadthing token[^\n]*See \.env\.example\.$/,
    );
  });

  it("checks the overrides' shapes", () => {
    expect(() => parseServerEnv({ UPLOADTHING_INGEST_URL: "nope" })).toThrow(/UPLOADTHING_INGEST_URL/);
    expect(() => parseServerEnv({ UPLOADTHING_UFS_APP_ID_LOCATION: "query" })).toThrow(
      /UPLOADTHING_UFS_APP_ID_LOCATION/,
    );
  });
});
