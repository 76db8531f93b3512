import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { upgradeRequest, wellFormedUpgradeHeaders } from "@/tests/realtime-conformance/raw-upgrade";

// Generators for hostile input to the realtime server: REST requests, upgrade requests and
// WebSocket frames. Each starts from what a real client sends and breaks it in the ways
// strangers do: bad percent-encoding, wrong types, deep and huge JSON, forged or valid
// signatures over garbage (a valid signature takes the garbage past authentication).

export interface App {
  id: string;
  key: string;
  secret: string;
}

const hmac = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest("hex");

/** Path segments and query values: plausible names, percent-encoding garbage, long runs. */
export const badPercent = fc.constantFrom(
  "%E0%A4%A",
  "%",
  "%%",
  "%ZZ",
  "%00",
  "%FF%FE",
  "%C0%AF",
  "%ED%A0%80",
  "%E0%A4%A%E0%A4%A",
  "a%",
  "%2",
);

export const segment = fc.oneof(
  fc.stringMatching(/^[-a-zA-Z0-9_=@,.;]{1,40}$/),
  badPercent,
  fc.constantFrom("..", "%2F", "#", "+", "%20"),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(
    "private-fuzz",
    "presence-fuzz",
    "private-encrypted-fuzz",
    "cache-fuzz",
    "#server-to-user-1",
  ),
  fc.integer({ min: 150, max: 3_000 }).map((n) => "a".repeat(n)),
);

/** Anything JSON can hold, a little of everything. */
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, as text. */
export const deepJson = fc
  .tuple(fc.integer({ min: 20, max: 20_000 }), fc.boolean())
  .map(([depth, isArray]) =>
    isArray ? "[".repeat(depth) + "]".repeat(depth) : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

const eventFields = fc.record(
  {
    name: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("pusher:x", "pusher_internal:y", "x".repeat(300)),
      anyJson,
    ),
    data: fc.oneof(fc.string({ maxLength: 200 }), fc.constant("d".repeat(11 * 1024)), anyJson),
    channel: fc.oneof(segment.map(decodeURIComponentSafe), anyJson),
    channels: fc.oneof(
      fc.array(segment.map(decodeURIComponentSafe), { maxLength: 5 }),
      fc.constant(Array.from({ length: 101 }, (_, i) => `c${i}`)),
      anyJson,
    ),
    socket_id: fc.oneof(fc.constantFrom("1.2", "123.456", "x", ""), anyJson),
    info: fc.oneof(fc.constantFrom("user_count", "subscription_count,user_count", "cache", ""), anyJson),
  },
  { requiredKeys: [] },
);

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A REST body as raw text (or bytes): valid-ish events, batches, and garbage. */
export const restBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 4, arbitrary: eventFields.map((fields) => JSON.stringify(fields)) },
  {
    weight: 2,
    arbitrary: fc.array(eventFields, { maxLength: 12 }).map((batch) => JSON.stringify({ batch })),
  },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((text) => `{"name":${text}`) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 200_000, max: 320_000 }).map((size) => `{"data":"${"x".repeat(size)}"}`),
  },
);

export interface RestCase {
  method: string;
  path: string;
  query: [string, string][];
  body: string | Buffer;
  signature: "valid" | "forged" | "none" | "stale";
  isChunked: boolean;
}

export function restCase(app: App): fc.Arbitrary<RestCase> {
  const rest = fc.oneof(
    fc.constantFrom("/events", "/batch_events", "/channels", "", "/"),
    segment.map((s) => `/channels/${s}`),
    segment.map((s) => `/channels/${s}/users`),
    segment.map((s) => `/users/${s}/terminate_connections`),
    fc.tuple(segment, segment).map(([a, b]) => `/${a}/${b}`),
  );
  const appId = fc.oneof({ weight: 4, arbitrary: fc.constant(app.id) }, { weight: 1, arbitrary: segment });
  return fc.record({
    method: fc.constantFrom("GET", "POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"),
    path: fc.tuple(appId, rest).map(([id, tail]) => `/apps/${id}${tail}`),
    query: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom("info", "filter_by_prefix", "auth_key", "auth_timestamp", "body_md5", "x"),
          segment,
        ),
        fc.oneof(
          fc.constantFrom("user_count", "presence-", "subscription_count,user_count", "cache"),
          segment,
        ),
      ),
      { maxLength: 3 },
    ),
    body: restBody,
    signature: fc.constantFrom("valid", "valid", "forged", "none", "stale"),
    isChunked: fc.boolean(),
  });
}

/** The request bytes for a REST case, signed as the `pusher` SDK signs (or not). */
export function restRequest(app: App, test: RestCase): Buffer {
  const body = Buffer.isBuffer(test.body) ? test.body : Buffer.from(test.body);
  const params = new Map<string, string>();
  for (const [name, value] of test.query)
    params.set(decodeURIComponentSafe(name), decodeURIComponentSafe(value));
  if (test.signature !== "none") {
    params.set("auth_key", app.key);
    params.set("auth_version", "1.0");
    const now = Math.floor(Date.now() / 1000);
    params.set("auth_timestamp", String(test.signature === "stale" ? now - 3_600 : now));
    if (body.length > 0) params.set("body_md5", createHash("md5").update(body).digest("hex"));
    const canonical = [...params.entries()]
      .map(([k, v]) => [k.toLowerCase(), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const signature = hmac(app.secret, `${test.method}\n${test.path}\n${canonical}`);
    params.set(
      "auth_signature",
      test.signature === "forged" ? signature.replace(/^./, (c) => (c === "0" ? "1" : "0")) : signature,
    );
  }
  const query = [...params.entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  const head = [
    `${test.method} ${test.path}${query ? `?${query}` : ""} HTTP/1.1`,
    "Host: localhost",
    "Content-Type: application/json",
    "Connection: close",
    test.isChunked ? "Transfer-Encoding: chunked" : `Content-Length: ${body.length}`,
  ].join("\r\n");
  const framed = test.isChunked
    ? Buffer.concat([
        ...(body.length > 0
          ? [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n")]
          : []),
        Buffer.from("0\r\n\r\n"),
      ])
    : body;
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), framed]);
}

export interface UpgradeCase {
  request: string | Buffer;
  /** Bytes that are not HTTP at all: hanging up without an answer is fine. */
  isGarbage: boolean;
}

export function upgradeCase(app: App): fc.Arbitrary<UpgradeCase> {
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constant(app.key) },
    { weight: 1, arbitrary: badPercent },
    { weight: 1, arbitrary: segment },
  );
  const path = fc.oneof(
    { weight: 4, arbitrary: key.map((k) => `/app/${k}`) },
    key.map((k) => `/app/${k}/`),
    fc.tuple(key, segment).map(([k, s]) => `/app/${k}/${s}`),
    segment.map((s) => `/${s}/app/${app.key}`),
    fc.constantFrom("/app/", "/app", `//evil.example/app/${app.key}`, `/apps/${app.id}`),
  );
  const protocol = fc.oneof(
    fc.constantFrom(
      "protocol=7",
      "protocol=7",
      "protocol=8",
      "protocol=",
      "",
      "protocol=7&protocol=7",
      "protocol=7&protocol=8",
    ),
    segment.map((s) => `protocol=${s}`),
  );
  const extra = fc.array(
    fc.tuple(segment, segment).map(([a, b]) => `${a}=${b}`),
    { maxLength: 3 },
  );
  const headers = fc.record(
    {
      drop: fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.subarray(["Upgrade", "Connection", "Sec-WebSocket-Version", "Sec-WebSocket-Key"]),
        },
      ),
      key: fc.constantFrom(
        "dGhlIHNhbXBsZSBub25jZQ==",
        "dGhlIHNhbXBsZSBub25jZQ==",
        "nope",
        "",
        "x".repeat(200),
      ),
      version: fc.constantFrom("13", "13", "8", "99", "", "13, 8"),
      upgrade: fc.constantFrom("websocket", "websocket", "WebSocket", "h2c", ""),
      protocolHeader: fc.option(fc.constantFrom("", ",,", "a b", "chat, chat"), { nil: undefined }),
      extensions: fc.option(
        fc.constantFrom("permessage-deflate", "x; =", "permessage-deflate; server_max_window_bits=99"),
        { nil: undefined },
      ),
      pad: fc.option(fc.integer({ min: 1_000, max: 20_000 }), { nil: undefined }),
    },
    { requiredKeys: ["drop", "key", "version", "upgrade"] },
  );
  // Bytes straight after the request: for an accepted socket, raw (unmasked, reserved-bit,
  // truncated…) WebSocket frames that no client library would send.
  const trailing = fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: undefined, freq: 4 });
  const http = fc
    .tuple(path, protocol, extra, headers, trailing)
    .map(([p, proto, more, h, after]): UpgradeCase => {
      const query = [proto, ...more].filter(Boolean).join("&");
      const all: Record<string, string> = {
        ...wellFormedUpgradeHeaders,
        Upgrade: h.upgrade,
        "Sec-WebSocket-Key": h.key,
        "Sec-WebSocket-Version": h.version,
      };
      for (const name of h.drop) delete all[name];
      if (h.protocolHeader !== undefined) all["Sec-WebSocket-Protocol"] = h.protocolHeader;
      if (h.extensions !== undefined) all["Sec-WebSocket-Extensions"] = h.extensions;
      if (h.pad !== undefined) all["X-Pad"] = "p".repeat(h.pad);
      const request = upgradeRequest(`${p}${query ? `?${query}` : ""}`, all);
      return {
        request: after ? Buffer.concat([Buffer.from(request), Buffer.from(after)]) : request,
        isGarbage: false,
      };
    });
  const garbage = fc.uint8Array({ minLength: 1, maxLength: 300 }).map(
    (bytes): UpgradeCase => ({
      request: Buffer.concat([Buffer.from(bytes), Buffer.from("\r\n\r\n")]),
      isGarbage: true,
    }),
  );
  return fc.oneof({ weight: 6, arbitrary: http }, { weight: 1, arbitrary: garbage });
}

/** One frame a client could send, built once the socket id is known (to sign garbage validly). */
export type FrameFactory = (socketId: string) => { data: string | Buffer; isBinary: boolean };

const text = (value: string): { data: string; isBinary: boolean } => ({ data: value, isBinary: false });

export function frame(app: App): fc.Arbitrary<FrameFactory> {
  const channelName = fc.oneof(
    fc.constantFrom(
      "private-fuzz",
      "presence-fuzz",
      "fuzz",
      "cache-fuzz",
      "private-encrypted-fuzz",
      "#server-to-user-u1",
    ),
    segment.map(decodeURIComponentSafe),
  );
  const garbageString = fc.oneof(
    fc.string({ maxLength: 60 }),
    deepJson,
    fc.json(),
    fc.constant(`{"user_id":"u","user_info":"${"i".repeat(2_000)}"}`),
  );
  const subscribe = fc
    .record({
      channel: fc.oneof(channelName, anyJson),
      auth: fc.oneof(anyJson, fc.constant("valid")),
      channelData: fc.option(garbageString, { nil: undefined }),
      dataAsString: fc.boolean(),
    })
    .map(
      (s): FrameFactory =>
        (socketId) => {
          let auth: unknown = s.auth;
          if (auth === "valid" && typeof s.channel === "string") {
            const payload =
              s.channelData === undefined
                ? `${socketId}:${s.channel}`
                : `${socketId}:${s.channel}:${s.channelData}`;
            auth = `${app.key}:${hmac(app.secret, payload)}`;
          }
          const data = { channel: s.channel, auth, channel_data: s.channelData };
          return text(
            JSON.stringify({ event: "pusher:subscribe", data: s.dataAsString ? JSON.stringify(data) : data }),
          );
        },
    );
  const signIn = fc.record({ userData: fc.oneof(garbageString, anyJson), isSigned: fc.boolean() }).map(
    (s): FrameFactory =>
      (socketId) => {
        const auth =
          s.isSigned && typeof s.userData === "string"
            ? `${app.key}:${hmac(app.secret, `${socketId}::user::${s.userData}`)}`
            : "k:bad";
        return text(JSON.stringify({ event: "pusher:signin", data: { user_data: s.userData, auth } }));
      },
  );
  const clientEvent = fc
    .record({
      event: fc.oneof(
        fc.string({ maxLength: 30 }).map((e) => `client-${e}`),
        fc.constant(`client-${"e".repeat(300)}`),
      ),
      channel: fc.oneof(channelName, anyJson),
      data: fc.oneof(anyJson, fc.constant("d".repeat(12_000))),
    })
    .map(
      (e): FrameFactory =>
        () =>
          text(JSON.stringify(e)),
    );
  const deepClientEvent = deepJson.map(
    (deep): FrameFactory =>
      () =>
        text(`{"event":"client-deep","channel":"private-fuzz","data":${deep}}`),
  );
  const wrongTypes = fc.record({ event: anyJson, channel: anyJson, data: anyJson }).map(
    (m): FrameFactory =>
      () =>
        text(JSON.stringify(m)),
  );
  const unsubscribe = fc.oneof(channelName, anyJson).map(
    (channel): FrameFactory =>
      () =>
        text(JSON.stringify({ event: "pusher:unsubscribe", data: { channel } })),
  );
  const binary = fc.uint8Array({ maxLength: 100 }).map(
    (bytes): FrameFactory =>
      () => ({ data: Buffer.from(bytes), isBinary: true }),
  );
  const invalidUtf8 = fc.uint8Array({ maxLength: 40 }).map(
    (bytes): FrameFactory =>
      () => ({ data: Buffer.concat([Buffer.from([0xff, 0xc0]), Buffer.from(bytes)]), isBinary: false }),
  );
  const truncated = fc.tuple(clientEvent, fc.nat()).map(
    ([make, cut]): FrameFactory =>
      (socketId) => {
        const whole = make(socketId).data as string;
        return text(whole.slice(0, cut % (whole.length + 1)));
      },
  );
  const huge = fc.integer({ min: 65 * 1024, max: 80 * 1024 }).map(
    (size): FrameFactory =>
      () =>
        text(`{"event":"pusher:ping","data":"${"x".repeat(size)}"}`),
  );
  return fc.oneof(
    { weight: 4, arbitrary: subscribe },
    { weight: 2, arbitrary: signIn },
    { weight: 4, arbitrary: clientEvent },
    { weight: 1, arbitrary: deepClientEvent },
    { weight: 2, arbitrary: wrongTypes },
    { weight: 1, arbitrary: unsubscribe },
    { weight: 1, arbitrary: binary },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: truncated },
    { weight: 1, arbitrary: huge },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 50 }).map(
        (s): FrameFactory =>
          () =>
            text(s),
      ),
    },
  );
}
