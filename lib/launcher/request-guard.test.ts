import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRaw } from "@/tests/fuzz/raw-http";
import { createAppServer, listen } from "./http-server";

// Requests Next would answer with a 500 are refused by the launcher before the app sees them.

let server: http.Server;
let port: number;
const reached: string[] = [];

beforeAll(async () => {
  server = createAppServer({
    app: (req, res) => {
      reached.push(`${req.method} ${req.url}`);
      res.end("app");
    },
  });
  await listen(server, 0, "127.0.0.1");
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const send = (method: string, target: string) =>
  sendRaw({ port }, { method, target, headers: [["Host", "localhost"]] });

describe("the launcher's request guard", () => {
  it("answers methods a fetch Request cannot carry with 405", async () => {
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK"]) {
      const response = await send(method, "/api/users/x");
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toContain("POST");
      expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
    }
    expect(reached).toEqual([]);
  });

  it("answers a path whose percent-encoding does not decode with 400", async () => {
    for (const target of ["/api/users/%E0%A4%A", "/c/%", "/u/%zz", "/api/x/%C0%AE%ED%A0%80"]) {
      const response = await send("GET", target);
      expect(response.status, target).toBe(400);
      expect(response.body.toString()).toContain('"code":"invalid:path"');
    }
    expect(reached).toEqual([]);
  });

  it("answers a path that still has . or .. segments with 400, encoded or not", async () => {
    for (const [method, target] of [
      ["POST", "/api/conversations/../messages?q="],
      ["GET", "/c/./x"],
      ["GET", "/api/%2e%2e/settings"],
      ["GET", "/.."],
      ["GET", "/api/x/..%5cy"],
    ] as const) {
      const response = await send(method, target);
      expect(response.status, target).toBe(400);
      expect(response.body.toString()).toContain('"code":"invalid:path"');
    }
    expect(reached).toEqual([]);
  });

  it("passes everything else on, malformed query strings included (the app parses those totally)", async () => {
    for (const [method, target] of [
      ["GET", "/api/users/%F0%9F%91%8D"],
      ["DELETE", "/api/x"],
      ["OPTIONS", "/"],
      ["GET", "/api/people?q=%E0%A4%A"],
      ["GET", "/.well-known/security.txt"],
      ["GET", "/u/a...b"],
      ["GET", "/api/people?q=../x"],
    ] as const) {
      expect((await send(method, target)).status, target).toBe(200);
    }
    expect(reached).toHaveLength(7);
  });

  it("answers a router state header Next cannot parse with 400, and passes a real one on", async () => {
    const withState = (state: string) =>
      sendRaw(
        { port },
        {
          method: "GET",
          target: "/c/x",
          headers: [
            ["Host", "localhost"],
            ["RSC", "1"],
            ["Next-Router-State-Tree", state],
          ],
        },
      );
    const before = reached.length;
    for (const state of ["", "not json", "%7B", encodeURIComponent('{"a":1}'), "[".repeat(10_000)]) {
      const response = await withState(state);
      expect(response.status, state.slice(0, 20)).toBe(400);
      expect(response.body.toString()).toContain('"code":"invalid:router_state"');
    }
    expect(reached.length).toBe(before);
    const valid = encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }]));
    expect((await withState(valid)).status).toBe(200);
    expect(reached.length).toBe(before + 1);
  });
});
