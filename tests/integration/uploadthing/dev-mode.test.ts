import { createRouteHandler, createUploadthing, type FileRouter } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppUnderTest, startAppWithStandIn, uploadThroughApp } from "./harness";

// The SDK's development mode against the stand-in: the route registers with `isDev`, the
// stand-in streams each callback back on that response as a signed JSON line, and the SDK in
// the app forwards it to its own route (for dev servers the cloud cannot reach).

let app: AppUnderTest;
const completed: Array<{ name: string; metadata: unknown }> = [];

beforeAll(async () => {
  let handler: ((request: Request) => Promise<Response>) | undefined;
  app = await startAppWithStandIn({
    "/api/uploadthing": (request) => (handler as (r: Request) => Promise<Response>)(request),
  });
  const f = createUploadthing();
  const router = {
    attachment: f({ blob: { maxFileSize: "1MB" } })
      .middleware(() => ({ uploadedBy: "dev" }))
      .onUploadComplete(({ file, metadata }) => {
        completed.push({ name: file.name, metadata });
        return { echoed: file.name };
      }),
  } satisfies FileRouter;
  handler = createRouteHandler({
    router,
    config: {
      token: app.standIn.token,
      ingestUrl: app.standIn.env.UPLOADTHING_INGEST_URL,
      isDev: true,
      logLevel: "Error",
    },
  });
});
afterAll(() => app?.stop());

describe("uploadthing development mode", () => {
  it("delivers the callback through the route-metadata stream and returns serverData", async () => {
    const outcome = await uploadThroughApp(app, {
      cookie: null,
      conversationId: "unused",
      files: [{ name: "dev.txt", bytes: new TextEncoder().encode("dev mode"), type: "text/plain" }],
    });
    if (outcome.stage !== "upload") throw new Error(JSON.stringify(outcome));
    expect(outcome.results[0]?.status).toBe(200);
    expect(outcome.results[0]?.body.serverData).toEqual({ echoed: "dev.txt" });
    expect(completed).toEqual([{ name: "dev.txt", metadata: { uploadedBy: "dev" } }]);
    // Streamed, not posted: the stand-in made no HTTP callback of its own.
    expect(app.standIn.callbacks()).toEqual([]);
  });
});
