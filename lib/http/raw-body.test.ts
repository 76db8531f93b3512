import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppServer, listen } from "@/lib/launcher/http-server";
import { lentRawBodyCount, RAW_BODY_HEADER, takeRawBody } from "./raw-body";

// Through Parley's real HTTP server: the app below stands in for Next, handing the route a web
// Request built from the headers as Next does, and the route takes the lent body (or not).

let server: http.Server;
let baseUrl: string;

/** What the route saw: the header's value, whether a body was lent, and the body's digest. */
interface Seen {
  header: string | null;
  lent: boolean;
  sha256?: string;
  size?: number;
  secondTake?: boolean;
}

beforeAll(async () => {
  server = createAppServer({
    app: async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const request = new Request(`http://localhost${req.url}`, { method: req.method, headers });
      const body = takeRawBody(request);
      const seen: Seen = { header: request.headers.get(RAW_BODY_HEADER), lent: body !== null };
      if (body) {
        const hash = createHash("sha256");
        let size = 0;
        for await (const chunk of body) {
          hash.update(chunk);
          size += chunk.byteLength;
        }
        Object.assign(seen, { sha256: hash.digest("hex"), size, secondTake: takeRawBody(request) !== null });
      } else {
        req.resume();
        await new Promise((resolve) => req.once("end", resolve));
      }
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(seen));
    },
  });
  await listen(server, 0, "127.0.0.1");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function post(path: string, body: Buffer, headers: Record<string, string> = {}): Promise<Seen> {
  const response = await fetch(`${baseUrl}${path}`, { method: "POST", body: body as BodyInit, headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Seen;
}

describe("lending an upload's Node request to its route", () => {
  it("gives the upload route the whole body, byte for byte, once", async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const seen = await post("/api/conversations/c123/attachments?name=a.bin", body);
    expect(seen).toMatchObject({
      lent: true,
      size: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
      secondTake: false,
    });
    expect(seen.header).toMatch(/^[\w-]{22}$/);
    await expect.poll(lentRawBodyCount).toBe(0);
  });

  it("lends nothing to other routes, methods or paths that only look alike", async () => {
    for (const path of [
      "/api/conversations/c123/messages",
      "/api/conversations/c123/attachments/extra",
      "/api/conversations//attachments",
      "/x/api/conversations/c123/attachments",
    ]) {
      expect(await post(path, randomBytes(10)), path).toEqual({ header: null, lent: false });
    }
    const answer = await fetch(`${baseUrl}/api/conversations/c123/attachments`);
    expect(await answer.json()).toEqual({ header: null, lent: false });
  });

  it("drops the header when a client sends it, so no one can name a request", async () => {
    for (const path of ["/api/conversations/c123/messages", "/api/conversations/c123/attachments"]) {
      const seen = await post(path, randomBytes(10), { [RAW_BODY_HEADER]: "guessed-id-0000000000" });
      expect(seen.header).not.toBe("guessed-id-0000000000");
    }
    // A header naming nothing lent (as when Parley runs without its own server) is no body.
    const request = new Request("http://localhost/", { headers: { [RAW_BODY_HEADER]: "nothing" } });
    expect(takeRawBody(request)).toBeNull();
  });
});
