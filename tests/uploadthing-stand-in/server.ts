import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { appKeyPrefix, checkSignedUrl, sign } from "./signing";

// A local stand-in for uploadthing's cloud: the ingest server (presigned PUT/HEAD, route
// metadata, the signed callback to the app, callback results), the REST API UTApi calls (/v6/…)
// and the file host (UFS). One HTTP server plays all three; the SDK reaches it through its
// documented overrides UPLOADTHING_INGEST_URL, UPLOADTHING_API_URL and UPLOADTHING_UFS_HOST.
// README.md lists every SDK call it answers and how faithfully.

export interface StandInFile {
  key: string;
  customId: string | null;
  name: string;
  size: number;
  type: string;
  acl: "public-read" | "private";
  contentDisposition: string;
  fileHash: string;
  uploadedAt: number;
  slug: string | null;
}

export interface UploadthingStandIn {
  /** The base64 UPLOADTHING_TOKEN the app must use. */
  token: string;
  apiKey: string;
  appId: string;
  /** http://localhost:{port} */
  url: string;
  /** Everything the app (and the SDK inside it) needs to talk to the stand-in. */
  env: Record<string, string>;
  /** The files currently stored (uploaded completely and not deleted). */
  files(): StandInFile[];
  /** Uploads started but not finished (partial bytes on disk). */
  partialUploads(): string[];
  /** Callbacks sent to the app, newest last (for assertions). */
  callbacks(): Array<{ key: string; status: number }>;
  stop(): Promise<void>;
}

interface Registration {
  callbackUrl: string;
  callbackSlug: string;
  metadata: unknown;
  awaitServerData: boolean;
  devStream?: http.ServerResponse;
  pending: Set<string>;
}

interface ResultWaiter {
  resolve(result: { callbackData?: unknown; error?: string }): void;
}

export interface StandInOptions {
  port?: number;
  dir?: string;
  /** How long an upload waits for the app's /callback-result when awaitServerData is set. */
  callbackResultTimeoutMs?: number;
}

export async function startUploadthingStandIn(options: StandInOptions = {}): Promise<UploadthingStandIn> {
  const apiKey = `sk_live_${randomBytes(24).toString("hex")}`;
  const appId = `parley${randomBytes(5).toString("hex")}`;
  const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["local1"] })).toString("base64");
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ut-stand-in-"));
  const ownsDir = !options.dir;
  fs.mkdirSync(path.join(dir, "partial"), { recursive: true });
  fs.mkdirSync(path.join(dir, "files"), { recursive: true });
  const resultTimeout = options.callbackResultTimeoutMs ?? 15_000;

  const stored = new Map<string, StandInFile>();
  const registrations = new Map<string, Registration>();
  const waiters = new Map<string, ResultWaiter>();
  const callbackLog: Array<{ key: string; status: number }> = [];
  const keyPrefix = appKeyPrefix(appId);
  let base = "";

  const partialPath = (key: string) => path.join(dir, "partial", key);
  const filePath = (key: string) => path.join(dir, "files", key);

  function fileUrls(key: string) {
    const host = new URL(base).host;
    return {
      url: `${base}/f/${key}`,
      appUrl: `${base}/a/${appId}/${key}`,
      ufsUrl: `http://${host}/a/${appId}/${key}`,
    };
  }

  function findFile(keyOrCustomId: string): StandInFile | undefined {
    const byKey = stored.get(keyOrCustomId);
    if (byKey) return byKey;
    for (const file of stored.values()) if (file.customId === keyOrCustomId) return file;
    return undefined;
  }

  function removeFile(file: StandInFile) {
    stored.delete(file.key);
    fs.rmSync(filePath(file.key), { force: true });
  }

  // ── ingest: PUT/HEAD {ingestUrl}/{key}?{signed params} ─────────────────────────────────────

  async function handleIngest(req: http.IncomingMessage, res: http.ServerResponse, key: string) {
    const origin = `http://${req.headers.host}`;
    const check = checkSignedUrl(origin, req.url ?? "/", apiKey);
    if (!check.ok) return sendError(res, check.status, check.message);
    const params = check.params;
    if (params.get("x-ut-identifier") !== appId) return sendError(res, 403, "Invalid app identifier");
    if (!key.startsWith(keyPrefix)) return sendError(res, 400, "Invalid file key");
    if (stored.has(key)) return sendError(res, 409, "File already uploaded");
    const declaredSize = Number(params.get("x-ut-file-size"));
    if (!Number.isSafeInteger(declaredSize) || declaredSize < 0)
      return sendError(res, 400, "Invalid file size");
    const received = fs.existsSync(partialPath(key)) ? fs.statSync(partialPath(key)).size : 0;

    if (req.method === "HEAD") {
      res.writeHead(200, { "x-ut-range-start": String(received) });
      return res.end();
    }
    const rangeStart = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "bytes=0-")?.[1] ?? Number.NaN);
    if (rangeStart !== received && rangeStart !== 0)
      return sendError(res, 416, "Range does not match the bytes received");

    const bodyStream = await fileBody(req).catch(() => null);
    if (!bodyStream) return sendError(res, 400, "Missing file in the request body");
    let size = rangeStart;
    let tooLarge = false;
    const out = fs.createWriteStream(partialPath(key), { flags: rangeStart === 0 ? "w" : "a" });
    const counted = async function* (source: AsyncIterable<Buffer | string>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > declaredSize) {
          tooLarge = true;
          throw new Error("too large");
        }
        yield chunk;
      }
    };
    try {
      await pipeline(bodyStream, counted, out);
    } catch {
      // The file may still be opening: removing it before it closes would leave it behind.
      if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
      if (tooLarge) {
        fs.rmSync(partialPath(key), { force: true });
        return sendError(res, 413, `File is larger than its declared size of ${declaredSize} bytes`);
      }
      // A dropped connection keeps what arrived: HEAD reports it and the client resumes with Range.
      return;
    }
    if (size !== declaredSize) {
      fs.rmSync(partialPath(key), { force: true });
      return sendError(res, 400, `File size ${size} does not match the declared size ${declaredSize}`);
    }
    fs.renameSync(partialPath(key), filePath(key));
    const fileHash = createHash("md5")
      .update(fs.readFileSync(filePath(key)))
      .digest("hex");
    const file: StandInFile = {
      key,
      customId: decodeParam(params.get("x-ut-custom-id")),
      name: decodeParam(params.get("x-ut-file-name")) ?? key,
      size,
      type: decodeParam(params.get("x-ut-file-type")) ?? "application/octet-stream",
      acl: decodeParam(params.get("x-ut-acl")) === "private" ? "private" : "public-read",
      contentDisposition: decodeParam(params.get("x-ut-content-disposition")) ?? "inline",
      fileHash,
      uploadedAt: Date.now(),
      slug: decodeParam(params.get("x-ut-slug")),
    };
    stored.set(key, file);
    const result = { ...fileUrls(key), fileHash };

    const registration = registrations.get(key);
    if (!file.slug || !registration) return sendJson(res, 200, result);
    const outcome = await runCallback(file, registration);
    if (outcome.error) return sendJson(res, 500, { error: outcome.error });
    return sendJson(res, 200, { ...result, serverData: outcome.callbackData ?? null });
  }

  /** The PUT body: multipart with a `file` field (what the SDK sends), or the raw bytes. */
  function fileBody(req: http.IncomingMessage): Promise<NodeJS.ReadableStream> {
    if (!req.headers["content-type"]?.startsWith("multipart/form-data")) return Promise.resolve(req);
    return new Promise((resolve, reject) => {
      const bb = busboy({ headers: req.headers, limits: { files: 1 } });
      bb.on("file", (field, stream) => {
        if (field === "file") resolve(stream);
        else stream.resume();
      });
      bb.on("close", () => reject(new Error("no file field")));
      bb.on("error", reject);
      req.pipe(bb);
    });
  }

  // The signed callback to the app's route, as the real ingest sends it: `uploadthing-hook`,
  // `x-uploadthing-signature` = HMAC-SHA256 of the raw body with the API key.
  async function runCallback(file: StandInFile, registration: Registration) {
    const payload = JSON.stringify({
      status: "uploaded",
      file: {
        name: file.name,
        size: file.size,
        type: file.type,
        lastModified: file.uploadedAt,
        customId: file.customId,
        key: file.key,
        ...fileUrls(file.key),
        fileHash: file.fileHash,
      },
      origin: base,
      metadata: registration.metadata,
    });
    const signature = sign(payload, apiKey);
    const result = registration.awaitServerData ? waitForResult(file.key) : null;
    if (registration.devStream) {
      registration.devStream.write(`${JSON.stringify({ payload, signature, hook: "callback" })}\n`);
    } else {
      const url = new URL(registration.callbackUrl);
      url.searchParams.set("slug", registration.callbackSlug);
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "uploadthing-hook": "callback",
          "x-uploadthing-signature": signature,
        },
        body: payload,
      }).catch(() => null);
      callbackLog.push({ key: file.key, status: response?.status ?? 0 });
      await response?.arrayBuffer().catch(() => undefined);
      if (!response?.ok) {
        waiters.delete(file.key);
        finishRegistration(file.key, registration);
        return { error: "Callback to the app failed" };
      }
    }
    const outcome = result ? await result : {};
    finishRegistration(file.key, registration);
    return outcome;
  }

  function waitForResult(key: string) {
    return new Promise<{ callbackData?: unknown; error?: string }>((resolve) => {
      const timer = setTimeout(() => {
        waiters.delete(key);
        resolve({ error: "The app did not report a callback result" });
      }, resultTimeout);
      waiters.set(key, {
        resolve: (result) => {
          clearTimeout(timer);
          waiters.delete(key);
          resolve(result);
        },
      });
    });
  }

  function finishRegistration(key: string, registration: Registration) {
    registrations.delete(key);
    registration.pending.delete(key);
    if (registration.pending.size === 0) registration.devStream?.end();
  }

  // ── ingest: POST /route-metadata, POST /callback-result (app → ingest, API key) ─────────────

  async function handleRouteMetadata(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = (await readJson(req)) as {
      fileKeys?: string[];
      metadata?: unknown;
      callbackUrl?: string;
      callbackSlug?: string;
      awaitServerData?: boolean;
      isDev?: boolean;
    } | null;
    if (!body || !Array.isArray(body.fileKeys) || !body.callbackUrl || !body.callbackSlug) {
      return sendError(res, 400, "Invalid route metadata");
    }
    const registration: Registration = {
      callbackUrl: body.callbackUrl,
      callbackSlug: body.callbackSlug,
      metadata: body.metadata ?? {},
      awaitServerData: body.awaitServerData ?? true,
      pending: new Set(body.fileKeys),
    };
    for (const key of body.fileKeys) registrations.set(key, registration);
    if (!body.isDev) return sendJson(res, 200, { ok: true });
    // Development: the callbacks travel back on this response as JSON lines, and the SDK in the
    // app forwards each to its own route (for dev servers the cloud cannot reach).
    res.writeHead(200, { "content-type": "application/json" });
    registration.devStream = res;
  }

  async function handleCallbackResult(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = (await readJson(req)) as { fileKey?: string; callbackData?: unknown; error?: string } | null;
    if (!body?.fileKey) return sendError(res, 400, "Invalid callback result");
    waiters
      .get(body.fileKey)
      ?.resolve(body.error ? { error: body.error } : { callbackData: body.callbackData });
    return sendJson(res, 200, { ok: true });
  }

  // ── REST API: POST {apiUrl}/v6/… (UTApi) ───────────────────────────────────────────────────

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, route: string) {
    const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
    const lookup = (keys: unknown, customIds: unknown) =>
      [
        ...asStrings(keys).map((k) => stored.get(k)),
        ...asStrings(customIds).map((id) => findFile(id)),
      ].filter((file): file is StandInFile => Boolean(file));
    switch (route) {
      case "deleteFiles": {
        const files = lookup(body.fileKeys, body.customIds);
        for (const file of files) removeFile(file);
        return sendJson(res, 200, { success: true, deletedCount: files.length });
      }
      case "requestFileAccess": {
        const file = lookup(body.fileKey ? [body.fileKey] : [], body.customId ? [body.customId] : [])[0];
        if (!file) return sendError(res, 404, "File not found");
        const seconds = typeof body.expiresIn === "number" ? body.expiresIn : 3600;
        const expires = Date.now() + seconds * 1000;
        const signUrl = (url: string) => {
          const withExpiry = `${url}?expires=${expires}`;
          return `${withExpiry}&signature=${encodeURIComponent(sign(withExpiry, apiKey))}`;
        };
        const urls = fileUrls(file.key);
        return sendJson(res, 200, { url: signUrl(urls.url), ufsUrl: signUrl(urls.ufsUrl) });
      }
      case "getFileUrl": {
        const files = lookup(body.fileKeys, body.customIds);
        return sendJson(res, 200, { data: files.map((f) => ({ key: f.key, url: fileUrls(f.key).ufsUrl })) });
      }
      case "listFiles": {
        const all = [...stored.values()];
        const offset = typeof body.offset === "number" ? body.offset : 0;
        const limit = typeof body.limit === "number" ? body.limit : 500;
        const page = all.slice(offset, offset + limit).map((f) => ({
          id: f.key,
          customId: f.customId,
          key: f.key,
          name: f.name,
          size: f.size,
          status: "Uploaded",
          uploadedAt: f.uploadedAt,
        }));
        return sendJson(res, 200, { hasMore: offset + limit < all.length, files: page });
      }
      case "updateACL": {
        const updates = Array.isArray(body.updates) ? body.updates : [];
        for (const update of updates as Array<{ fileKey?: string; customId?: string; acl?: string }>) {
          const file = update.fileKey
            ? stored.get(update.fileKey)
            : update.customId
              ? findFile(update.customId)
              : undefined;
          if (file && (update.acl === "private" || update.acl === "public-read")) file.acl = update.acl;
        }
        return sendJson(res, 200, { success: true });
      }
      case "getUsageInfo": {
        const total = [...stored.values()].reduce((sum, f) => sum + f.size, 0);
        return sendJson(res, 200, {
          totalBytes: total,
          appTotalBytes: total,
          filesUploaded: stored.size,
          limitBytes: 2 ** 40,
        });
      }
      default:
        return sendError(res, 404, `Unknown API route ${route}`);
    }
  }

  // ── file host: GET {ufsHost}/a/{appId}/{key or customId}, /f/{key} ─────────────────────────

  function handleFile(req: http.IncomingMessage, res: http.ServerResponse, keyOrCustomId: string) {
    const file = findFile(keyOrCustomId);
    if (!file) return sendError(res, 404, "File not found");
    if (file.acl === "private") {
      const check = checkSignedUrl(`http://${req.headers.host}`, req.url ?? "/", apiKey);
      if (!check.ok) return sendError(res, 403, check.message);
    }
    const total = file.size;
    const headers: http.OutgoingHttpHeaders = {
      "content-type": file.type,
      "content-disposition": `${file.contentDisposition === "attachment" ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "accept-ranges": "bytes",
      "cache-control": file.acl === "private" ? "private, max-age=300" : "public, max-age=31536000",
      "access-control-allow-origin": "*",
    };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (range && total > 0) {
      const start = range[1] ? Number(range[1]) : Math.max(0, total - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
      if (start > end || start >= total) {
        res.writeHead(416, { "content-range": `bytes */${total}` });
        return res.end();
      }
      res.writeHead(206, {
        ...headers,
        "content-range": `bytes ${start}-${end}/${total}`,
        "content-length": end - start + 1,
      });
      if (req.method === "HEAD") return res.end();
      return fs.createReadStream(filePath(file.key), { start, end }).pipe(res);
    }
    res.writeHead(200, { ...headers, "content-length": total });
    if (req.method === "HEAD") return res.end();
    fs.createReadStream(filePath(file.key)).pipe(res);
  }

  // ── routing ────────────────────────────────────────────────────────────────────────────────

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, (error as Error).message);
      else res.destroy();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const { pathname } = new URL(req.url ?? "/", "http://stand-in");
    const segments = pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    // Browsers upload straight to the ingest from the app's origin (XHR PUT with custom headers).
    for (const [name, value] of Object.entries(corsHeaders())) res.setHeader(name, value);
    const needsApiKey = method === "POST";
    if (needsApiKey && req.headers["x-uploadthing-api-key"] !== apiKey) {
      await drain(req);
      return sendError(res, 401, "Invalid API key");
    }
    if (method === "POST" && pathname === "/route-metadata") return handleRouteMetadata(req, res);
    if (method === "POST" && pathname === "/callback-result") return handleCallbackResult(req, res);
    if (method === "POST" && segments[0] === "v6" && segments.length === 2)
      return handleApi(req, res, segments[1] as string);
    if (
      (method === "GET" || method === "HEAD") &&
      segments[0] === "a" &&
      segments[1] === appId &&
      segments.length === 3
    ) {
      return handleFile(req, res, decodeURIComponent(segments[2] as string));
    }
    if ((method === "GET" || method === "HEAD") && segments[0] === "f" && segments.length === 2) {
      return handleFile(req, res, decodeURIComponent(segments[1] as string));
    }
    if ((method === "PUT" || method === "HEAD") && segments.length === 1)
      return handleIngest(req, res, segments[0] as string);
    if (method === "OPTIONS") {
      // Preflight: any header the browser asks for, as a public upload endpoint allows.
      const asked = req.headers["access-control-request-headers"];
      res.writeHead(204, { ...corsHeaders(), ...(asked && { "access-control-allow-headers": asked }) });
      return res.end();
    }
    await drain(req);
    return sendError(res, 404, "Not found");
  }

  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  base = `http://localhost:${port}`;

  return {
    token,
    apiKey,
    appId,
    url: base,
    env: {
      UPLOADTHING_TOKEN: token,
      UPLOADTHING_INGEST_URL: base,
      UPLOADTHING_API_URL: base,
      // Contains "local", so the SDK builds http:// file URLs for it.
      UPLOADTHING_UFS_HOST: `localhost:${port}`,
      UPLOADTHING_UFS_APP_ID_LOCATION: "path",
    },
    files: () => [...stored.values()].map((f) => ({ ...f })),
    partialUploads: () => fs.readdirSync(path.join(dir, "partial")),
    callbacks: () => [...callbackLog],
    stop: async () => {
      for (const registration of registrations.values()) registration.devStream?.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function corsHeaders(): Record<string, string> {
  return {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, HEAD, PUT, POST, OPTIONS",
    "access-control-allow-headers": "content-type, range, x-uploadthing-version, b3, traceparent",
    "access-control-expose-headers": "x-ut-range-start",
  };
}

async function listen(server: http.Server, port: number) {
  // Both loopback families: the SDK and browsers resolve `localhost` to ::1 or 127.0.0.1.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host: "::", ipv6Only: false }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch {
    await new Promise<void>((resolve) => server.listen({ port, host: "127.0.0.1" }, resolve));
  }
}

/** Values in presigned URLs are encodeURIComponent'd before URLSearchParams encodes them again. */
function decodeParam(value: string | null): string | null {
  if (value == null) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) return null;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  }
}

async function drain(req: http.IncomingMessage) {
  for await (const _ of req as AsyncIterable<Buffer>) {
    // discard
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

// uploadthing's error body: `{ error }` from ingest and API (the client treats a JSON body with an
// `error` property as a failed upload).
function sendError(res: http.ServerResponse, status: number, message: string) {
  sendJson(res, status, { error: message });
}
