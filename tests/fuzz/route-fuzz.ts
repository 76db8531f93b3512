import fc from "fast-check";
import { NoResponseError, type RawRequest, type RawResponse, sendRaw } from "./raw-http";
import { discoverRoutes, type RouteTemplate } from "./routes";

// Random and mutated HTTP requests to every route handler, every page and the realtime REST API
// on the app's port. Shared by tests/e2e/fuzz-routes.spec.ts (a few thousand cases in the suite)
// and scripts/fuzz-routes.ts (a long run against a running app). FUZZ_SEED reproduces a run.

export interface FuzzTarget {
  port: number;
  host?: string;
  /** The Host header the app is reached by (`localhost:3000`): same-origin requests send it as Origin. */
  hostHeader: string;
  /** A real signed-in session's cookie value (authjs.session-token). */
  sessionToken: string;
  /** Real ids the signed-in person can see, so requests reach past the "not found" checks. */
  known: { conversationIds: string[]; messageIds: string[]; userIds: string[]; usernames: string[] };
}

export interface FuzzCase {
  signedIn: boolean;
  request: RawRequest;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function hostileSegment(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "%E0%A4%A",
      "%",
      "%zz",
      "%00",
      "%C0%AE%C0%AE",
      "..",
      "..%2F..%2Fetc%2Fpasswd",
      "..%252F..%252F",
      "%2e%2e%2f%2e%2e%2f",
      "%F0%9F%91%8D",
      "%EF%BF%BF",
      "%ED%A0%80",
      "👍",
      "🏳️‍🌈",
      "a;b=c",
      "%0d%0aSet-Cookie:%20x=1",
      "null",
      "undefined",
      "__proto__",
      "constructor",
      "-1",
      "0",
      "9".repeat(40),
    ),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: "binary", maxLength: 20 }).map(encodeURIComponent),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.integer({ min: 200, max: 6000 }).map((n) => "x".repeat(n)),
    fc
      .uint8Array({ maxLength: 24 })
      .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
  );
}

function segmentFor(name: string, target: FuzzTarget): fc.Arbitrary<string> {
  const known =
    name === "id"
      ? [...target.known.conversationIds, ...target.known.userIds]
      : name === "messageId"
        ? target.known.messageIds
        : name === "username"
          ? target.known.usernames
          : name === "emoji"
            ? ["%F0%9F%91%8D", "%E2%9D%A4%EF%B8%8F"]
            : name === "nextauth"
              ? [
                  "session",
                  "csrf",
                  "providers",
                  "signin",
                  "signout",
                  "callback/credentials",
                  "callback/github",
                ]
              : ["x"];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: hostileSegment() },
  );
}

function pathFor(route: RouteTemplate, target: FuzzTarget): fc.Arbitrary<string> {
  const parts = route.path.split("/").map((segment) => {
    const param = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(segment);
    return param ? segmentFor(param[1] as string, target) : fc.constant(segment);
  });
  return fc.tuple(...parts).map((segments) => segments.join("/") || "/");
}

/** Paths of the realtime REST API and upgrade endpoint, answered on the same port. */
function realtimePath(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom("/apps/", "/app/", "/apps//", "/apps/424242/"),
      fc.constantFrom(
        "",
        "events",
        "batch_events",
        "channels",
        "channels/private-x",
        "channels/presence-x/users",
        "users/u1/terminate_connections",
      ),
      hostileSegment(),
    )
    .map(([base, rest, extra]) => `${base}${rest}${rest ? "/" : ""}${extra}`);
}

function queryString(): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.constantFrom("", "-1", "0", "1", "50", "101", "1e309", "NaN", "[]", "%", "%E0%A4%A", "true", "null"),
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.integer({ min: 100, max: 9000 }).map((n) => "q".repeat(n)),
  );
  const key = fc.constantFrom(
    "q",
    "limit",
    "before",
    "after",
    "around",
    "cursor",
    "callbackUrl",
    "_rsc",
    "a[]",
    "%zz",
    "__proto__",
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(key, value), { minLength: 1, maxLength: 4 })
        .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `?${s.replace(/[\s#]/g, "")}`) },
  );
}

function deepJson(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

interface Body {
  contentType?: string;
  bytes: Buffer;
}

function body(): fc.Arbitrary<Body | undefined> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=----x",
    "multipart/form-data",
    "application/json; charset=latin1",
    "*/*",
    "",
    "application/\u0000json",
  );
  const bytes = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map(json),
    fc.constantFrom(
      json({ body: { text: "hi" }, clientNonce: "n" }),
      json({ body: { text: 5 }, clientNonce: [] }),
      json({
        body: {
          type: "doc",
          content: [
            {
              type: "paragraph",
              content: [
                {
                  type: "text",
                  text: "x",
                  marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }],
                },
              ],
            },
          ],
        },
        clientNonce: "00000000-0000-4000-8000-000000000000",
      }),
      json({ userId: "x" }),
      json({ name: "g", memberIds: ["a", "b"] }),
      json({ messageId: null }),
      json({ socket_id: "1.1", channel_name: "private-conversation-x" }),
      Buffer.from("socket_id=1.1&channel_name=presence-x"),
      Buffer.from("socket_id=%E0%A4%A&channel_name=%"),
      Buffer.from('{"a":'),
      Buffer.from("\uFEFF{}"),
      Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from(deepJson(20_000, "[", "]")),
      Buffer.from(deepJson(5_000, '{"a":', "}").replace(/}$/, "1}")),
      Buffer.from('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}'),
      Buffer.from(
        '------x\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\n\r\nnotapng\r\n------x--\r\n',
      ),
    ),
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
    fc.integer({ min: 200_000, max: 1_200_000 }).map((n) => Buffer.alloc(n, 0x20)),
  );
  return fc.option(fc.record({ contentType: fc.option(contentType, { nil: undefined }), bytes }), {
    nil: undefined,
    freq: 3,
  });
}

function extraHeaders(target: FuzzTarget): fc.Arbitrary<[string, string][]> {
  const origin = fc.constantFrom(
    `http://${target.hostHeader}`,
    `http://${target.hostHeader}`,
    "https://evil.example",
    "null",
    "http://localhost:1",
    "%",
  );
  const header = fc.oneof(
    origin.map((v): [string, string] => ["Origin", v]),
    fc
      .constantFrom("same-origin", "cross-site", "same-site", "none", "garbage")
      .map((v): [string, string] => ["Sec-Fetch-Site", v]),
    fc.constantFrom("1.1", "x", "1".repeat(50), "%E0").map((v): [string, string] => ["X-Socket-Id", v]),
    fc.constantFrom("1", "0", "garbage").map((v): [string, string] => ["RSC", v]),
    fc.constantFrom("1", "x").map((v): [string, string] => ["Next-Router-Prefetch", v]),
    fc.string({ maxLength: 40 }).map((v): [string, string] => ["Next-Action", v.replace(/[\r\n]/g, "")]),
    fc
      .oneof(
        fc.string({ maxLength: 60 }).map((v) => encodeURIComponent(v)),
        fc.constantFrom("", "%7B", encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }]))),
      )
      .map((v): [string, string] => ["Next-Router-State-Tree", v]),
    fc
      .constantFrom("https", "http", "https, http", "garbage")
      .map((v): [string, string] => ["X-Forwarded-Proto", v]),
    fc.constantFrom("evil.example", "", "a, b").map((v): [string, string] => ["X-Forwarded-Host", v]),
    fc.constantFrom("1", "-1", "99999999999", "abc").map((v): [string, string] => ["X-Pusher-Key", v]),
    fc.constantFrom("", "00", "x".repeat(64)).map((v): [string, string] => ["X-Pusher-Signature", v]),
    fc
      .constantFrom("gzip", "br", "identity;q=0, *;q=0", "garbage")
      .map((v): [string, string] => ["Accept-Encoding", v]),
    fc.constantFrom("bytes=0-10", "bytes=-1", "bytes=x").map((v): [string, string] => ["Range", v]),
    fc.integer({ min: 1000, max: 12_000 }).map((n): [string, string] => ["X-Huge", "h".repeat(n)]),
  );
  return fc.array(header, { maxLength: 4 });
}

function cookie(target: FuzzTarget, signedIn: boolean): fc.Arbitrary<string | undefined> {
  if (signedIn) return fc.constant(`authjs.session-token=${target.sessionToken}`);
  return fc.option(
    fc.oneof(
      fc.string({ maxLength: 200 }).map((v) => `authjs.session-token=${encodeURIComponent(v)}`),
      fc.base64String({ maxLength: 400 }).map((v) => `authjs.session-token=${v}`),
      fc.constantFrom(
        `authjs.session-token=${target.sessionToken.slice(0, -4)}AAAA`,
        `authjs.session-token=${target.sessionToken.split(".").slice(0, 3).join(".")}`,
        "authjs.session-token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "authjs.session-token.0=abc; authjs.session-token.1=def",
        "authjs.session-token=%E0%A4%A",
        "=;;;==; a",
        `authjs.csrf-token=${"z".repeat(4000)}`,
      ),
    ),
    { nil: undefined },
  );
}

export function fuzzCase(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const routes = discoverRoutes();
  const api = routes.filter((route) => route.kind === "api");
  const pages = routes.filter((route) => route.kind === "page");
  const target_ = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...api)
        .chain((route) => fc.tuple(fc.constant<RouteTemplate | undefined>(route), pathFor(route, target))),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...pages)
        .chain((route) => fc.tuple(fc.constant<RouteTemplate | undefined>(route), pathFor(route, target))),
    },
    {
      weight: 1,
      arbitrary: realtimePath().map((path): [RouteTemplate | undefined, string] => [undefined, path]),
    },
  );
  return fc
    .record({
      signedIn: fc.boolean(),
      route: target_,
      anyMethod: fc.constantFrom(...METHODS, "PROPFIND", "TRACE"),
      useOwnMethod: fc.boolean(),
      query: queryString(),
      body: body(),
      chunked: fc.option(fc.constantFrom(1, 7, 1024, 65_536), { nil: undefined }),
      extra: extraHeaders(target),
      sameOrigin: fc.boolean(),
    })
    .chain((c) => cookie(target, c.signedIn).map((cookieHeader) => ({ ...c, cookieHeader })))
    .map(
      ({
        signedIn,
        route: [route, path],
        anyMethod,
        useOwnMethod,
        query,
        body,
        chunked,
        extra,
        sameOrigin,
        cookieHeader,
      }) => {
        const own = route?.methods.length ? route.methods : ["GET"];
        const method = useOwnMethod ? (own[anyMethod.length % own.length] as string) : anyMethod;
        const headers: [string, string][] = [["Host", target.hostHeader]];
        if (sameOrigin) headers.push(["Origin", `http://${target.hostHeader}`]);
        if (cookieHeader) headers.push(["Cookie", cookieHeader]);
        if (body?.contentType !== undefined) headers.push(["Content-Type", body.contentType]);
        headers.push(...extra);
        const sendsBody = body !== undefined;
        // Byte-sized chunks for small bodies only: a megabyte in one-byte chunks is a million
        // parser events, seconds of CPU that would only slow the run down.
        const chunkSize =
          chunked !== undefined && body && body.bytes.length > 4096 ? Math.max(chunked, 1024) : chunked;
        return {
          signedIn,
          request: {
            method,
            target: `${path}${query}`,
            headers,
            body: sendsBody ? body.bytes : undefined,
            chunkSize: sendsBody ? chunkSize : undefined,
          },
        };
      },
    );
}

/** A short description of a case for the failure message (bodies shortened). */
export function describeCase(c: FuzzCase): string {
  const { request } = c;
  const headers = request.headers.map(
    ([n, v]) => `${n}: ${v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v}`,
  );
  const bodyText = request.body
    ? `${request.body.length} bytes${request.chunkSize ? ` chunked by ${request.chunkSize}` : ""}: ${JSON.stringify(request.body.subarray(0, 160).toString("latin1"))}`
    : "no body";
  const targetText =
    request.target.length > 300
      ? `${request.target.slice(0, 300)}…(${request.target.length})`
      : request.target;
  return `${request.method} ${targetText}\n${headers.join("\n")}\n${bodyText}`;
}

/** What every answer must be: anything below 500, or 503 (overload). */
export function isAcceptable(response: RawResponse): boolean {
  return response.status < 500 || response.status === 503;
}

export interface FuzzRunResult {
  seed: number;
  runs: number;
  /** Answers by status; `reset`: bodies refused by a reset connection while being sent. */
  statuses: Record<string, number>;
}

export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  return fromEnv !== undefined && fromEnv !== ""
    ? Number(fromEnv)
    : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}

/**
 * Runs `runs` cases (FUZZ_RUNS) seeded with `seed` (FUZZ_SEED), `concurrency` at a time per
 * fast-check run. Fails with the seed, the shrunk case and the answer on the first answer of 500
 * or more (503 aside), a connection closed without an answer, or a timeout.
 */
export async function runRouteFuzz(
  target: FuzzTarget,
  options: { seed: number; runs: number; batch?: number; log?: (line: string) => void },
): Promise<FuzzRunResult> {
  const { seed, runs, batch = 4, log = console.log } = options;
  const statuses: Record<string, number> = {};
  log(`route fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} (${batch} requests per run)`);
  const send = async (c: FuzzCase) => {
    let response: RawResponse;
    const started = Date.now();
    try {
      response = await sendRaw({ port: target.port, host: target.host }, c.request);
      if (process.env.FUZZ_DEBUG && Date.now() - started > 1000)
        log(`slow (${Date.now() - started} ms): ${describeCase(c).slice(0, 400)}`);
    } catch (error) {
      if (error instanceof NoResponseError && error.isResetWhileSending) {
        // The body was refused by closing the connection; the server must still be serving.
        const health = await sendRaw(
          { port: target.port, host: target.host },
          { method: "GET", target: "/api/health", headers: [["Host", target.hostHeader]] },
        ).catch(() => undefined);
        if (health?.status === 200) {
          statuses.reset = (statuses.reset ?? 0) + 1;
          return;
        }
      }
      if (process.env.FUZZ_DEBUG)
        log(`failed (${Date.now() - started} ms): ${describeCase(c).slice(0, 400)}`);
      const reason = error instanceof NoResponseError ? error.message : String(error);
      throw new Error(`no valid answer (${reason}) to:\n${describeCase(c)}`);
    }
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (!isAcceptable(response)) {
      throw new Error(
        `answered ${response.status} to:\n${describeCase(c)}\n→ ${response.body.subarray(0, 300).toString()}`,
      );
    }
  };
  const details = await fc.check(
    fc.asyncProperty(fc.array(fuzzCase(target), { minLength: batch, maxLength: batch }), async (cases) => {
      await Promise.all(cases.map(send));
    }),
    { seed, numRuns: Math.max(1, Math.ceil(runs / batch)) },
  );
  if (details.failed) {
    // The shrunk case's own description: fast-check's report would print megabytes of body.
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `route fuzz failed (FUZZ_SEED=${seed}, after ${details.numRuns} runs, shrunk ${details.numShrinks} times):\n${cause}`,
    );
  }
  return { seed, runs: Math.ceil(runs / batch) * batch, statuses };
}
