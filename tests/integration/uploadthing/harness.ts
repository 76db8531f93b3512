import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { encode } from "next-auth/jwt";
import { resetEnvCache } from "@/lib/env";
import { startUploadthingStandIn, type UploadthingStandIn } from "@/tests/uploadthing-stand-in";

// The app's uploadthing route behind a real HTTP server, with the stand-in as uploadthing's
// cloud: the stand-in calls the route back over HTTP exactly as the real ingest would. The
// browser's part of the protocol (ask the route for presigned URLs, HEAD, PUT multipart) is
// spoken here as @uploadthing/react's client speaks it; the e2e spec runs the client itself.

import { TEST_AUTH_SECRET } from "@/tests/support/routes";

export const AUTH_SECRET = TEST_AUTH_SECRET;

export interface AppUnderTest {
  standIn: UploadthingStandIn;
  baseUrl: string;
  stop(): Promise<void>;
}

type RouteHandler = (request: Request) => Promise<Response>;

/** Starts the stand-in and an HTTP server for `handlers` (path → handler), with the env set. */
export async function startAppWithStandIn(handlers: Record<string, RouteHandler>): Promise<AppUnderTest> {
  const standIn = await startUploadthingStandIn();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://localhost:${(server.address() as AddressInfo).port}`);
    const handler = Object.entries(handlers).find(([prefix]) => url.pathname.startsWith(prefix))?.[1];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      ...(hasBody && { body: Readable.toWeb(req) as ReadableStream, duplex: "half" }),
    } as RequestInit);
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  const baseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, standIn.env, { AUTH_SECRET });
  resetEnvCache();
  return {
    standIn,
    baseUrl,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await standIn.stop();
    },
  };
}

/** A session cookie exactly as Auth.js writes it for `userId` (plain http: no __Secure- prefix). */
export async function sessionCookie(userId: string): Promise<string> {
  const salt = "authjs.session-token";
  const token = await encode({
    token: { sub: userId, sessionVersion: 0 },
    secret: AUTH_SECRET,
    salt,
    maxAge: 3600,
  });
  return `${salt}=${token}`;
}

export interface FileToUpload {
  name: string;
  bytes: Uint8Array;
  type: string;
  /** Declare another size than the bytes' (a lying client). */
  declaredSize?: number;
}

export type UploadOutcome =
  | {
      stage: "presign";
      status: number;
      body: { message?: string; error?: { code: string; message: string } };
    }
  | {
      stage: "upload";
      results: Array<{
        status: number;
        body: Record<string, unknown> & { serverData?: unknown; error?: string };
      }>;
    };

/** What @uploadthing/react's uploadFiles does, step by step, with a session cookie (or none). */
export async function uploadThroughApp(
  app: AppUnderTest,
  { cookie, conversationId, files }: { cookie: string | null; conversationId: string; files: FileToUpload[] },
): Promise<UploadOutcome> {
  const presign = await fetch(`${app.baseUrl}/api/uploadthing?actionType=upload&slug=attachment`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: app.baseUrl,
      "x-forwarded-proto": "http",
      "x-uploadthing-package": "@uploadthing/react",
      "x-uploadthing-version": "7.7.4",
      ...(cookie && { cookie }),
    },
    body: JSON.stringify({
      input: { conversationId },
      files: files.map((f) => ({
        name: f.name,
        size: f.declaredSize ?? f.bytes.length,
        type: f.type,
        lastModified: Date.now(),
      })),
    }),
  });
  const presignBody = await presign.json();
  if (!presign.ok) return { stage: "presign", status: presign.status, body: presignBody };
  const presigneds = presignBody as Array<{ url: string; key: string }>;
  const results = [];
  for (const [index, presigned] of presigneds.entries()) {
    const file = files[index] as FileToUpload;
    const head = await fetch(presigned.url, { method: "HEAD" });
    const start = Number(head.headers.get("x-ut-range-start") ?? 0);
    const form = new FormData();
    form.append("file", new Blob([file.bytes.slice(start) as BlobPart], { type: file.type }), file.name);
    const put = await fetch(presigned.url, {
      method: "PUT",
      headers: { range: `bytes=${start}-` },
      body: form,
    });
    results.push({ status: put.status, body: await put.json() });
  }
  return { stage: "upload", results };
}
