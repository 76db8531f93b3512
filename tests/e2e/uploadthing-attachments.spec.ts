import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { startUploadthingStandIn, type UploadthingStandIn } from "../uploadthing-stand-in";
import { newAccount, signUp } from "./helpers/accounts";
import { shareImagesAndPdf } from "./helpers/files";
import { signUpTwoPeople } from "./helpers/people";
import { freePort, type ParleyProcess, startParley, tempDataDir } from "./helpers/server";

// The attachments flow of attachments.spec.ts on the uploadthing driver: a Parley of this test's
// own with UPLOADTHING_TOKEN and uploadthing's overrides pointing at the local stand-in, so the
// browser uploads with @uploadthing/react's client straight to the stand-in's ingest, the
// stand-in calls the app's /api/uploadthing back with a signed request, and files are served by
// redirect to short-lived signed URLs on the stand-in's file host.

test("on uploadthing: A shares two images and a PDF; B views and downloads them; nobody else reads them", async ({
  browser,
  playwright,
}) => {
  test.setTimeout(240_000);
  const dataDir = tempDataDir();
  let standIn: UploadthingStandIn | undefined;
  let parley: ParleyProcess | undefined;
  let closePeople: (() => Promise<void>) | undefined;
  try {
    standIn = await startUploadthingStandIn();
    parley = await startParley({ port: await freePort(), dataDir, env: standIn.env });
    const health = await (await fetch(`${parley.baseURL}/api/health`)).json();
    expect(health.storage).toBe("uploadthing");

    const uploads: string[] = [];
    const { ana, ben, benAccount, close } = await signUpTwoPeople(browser, {
      baseURL: parley.baseURL,
      beforeSignUp: async (ana) => {
        ana.on("request", (request) => {
          if (request.method() === "PUT") uploads.push(request.url());
        });
      },
    });
    closePeople = close;
    const outsiderContext = await browser.newContext({ baseURL: parley.baseURL });
    await signUp(await outsiderContext.newPage(), newAccount());
    const anonymous = await playwright.request.newContext({ baseURL: parley.baseURL });
    try {
      await shareImagesAndPdf({ ana, ben, benAccount, outsider: outsiderContext.request, anonymous });
    } finally {
      await anonymous.dispose();
      await outsiderContext.close();
    }

    // The bytes went to the stand-in's ingest, not to the app; it holds the three files and
    // the two thumbnails, all private.
    expect(uploads).toHaveLength(3);
    for (const url of uploads) expect(url.startsWith(`${standIn.url}/`)).toBe(true);
    const stored = standIn.files();
    expect(stored.filter((f) => f.customId?.startsWith("attachments_"))).toHaveLength(3);
    expect(stored.filter((f) => f.customId?.startsWith("thumbnails_"))).toHaveLength(2);
    expect(stored.every((f) => f.acl === "private")).toBe(true);
    expect(standIn.callbacks().map((c) => c.status)).toEqual([200, 200, 200]);
  } finally {
    await closePeople?.();
    await parley?.stop();
    await standIn?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
