import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { POST as webhookRoute } from "@/app/api/realtime/webhook/route";
import { envVariableNames, parseClientEnv, parseServerEnv, resetEnvCache } from "@/lib/env";
import { requiredInProduction, wantsEmbeddedRealtime } from "@/lib/launcher/configure";
import { getRealtimeMode } from "@/lib/realtime/config";
import { resetPusherForTests } from "@/lib/realtime/publish";
import { internalRealtimeHostWarning, plainRealtimeWarning } from "@/lib/realtime/transport-warning";
import { RawClient } from "../realtime-conformance/raw-client";
import { type RunningServer, soketiMissingReason, startSoketi } from "../support/realtime-servers";

// The container images cannot be pulled or built on the machines that run these tests, so
// compose.yaml and the Dockerfile are checked as files: every variable the app is given is one
// lib/env.ts reads and validates, soketi is given the same app and the flags Parley needs, the
// webhook reaches the app's route, and the app waits for its migration. Then soketi 1.6.1 runs with
// compose.yaml's own app settings (only the addresses changed) and is shown to do what Parley needs.
// The app's start-up and health checks against soketi are in realtime-check.test.ts.

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** What a user puts in .env beside compose.yaml (README, "Self-host with Docker and Soketi"). */
const userEnv = {
  POSTGRES_PASSWORD: "a1b2c3d4e5f6a1b2c3d4e5f6",
  AUTH_SECRET: "dGhpcy1pcy1hLXRlc3QtYXV0aC1zZWNyZXQtMDEyMzQ1",
  PUSHER_SECRET: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
};

/** Compose's variable substitution: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, $$. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (match, name: string, colon?: string, kind?: string, arg?: string) => {
      if (match === "$$") return "$";
      const current = vars[name];
      // Compose substitutes an empty string for a bare unset ${NAME}; here that is a mistake.
      if (!kind) {
        if (current === undefined) throw new Error(`${name} is not set and has no default`);
        return current;
      }
      const isMissing = current === undefined || (colon === ":" && current === "");
      if (!isMissing) return current as string;
      if (kind === "-") return arg ?? "";
      throw new Error(`required variable ${name} is missing: ${arg}`);
    },
  );
}

function interpolateAll(node: unknown, vars: Record<string, string | undefined>): unknown {
  if (typeof node === "string") return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, vars));
  if (node && typeof node === "object")
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, vars)]));
  return node;
}

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const rawCompose = parse(read("compose.yaml")) as { services: Record<string, Service> };
const compose = interpolateAll(rawCompose, userEnv) as typeof rawCompose;
const { app, soketi, migrate, postgres } = compose.services as Record<string, Service>;
const appEnv = app?.environment ?? {};
const soketiEnv = soketi?.environment ?? {};

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function dockerfileInstructions(): { keyword: string; args: string }[] {
  const joined = read("Dockerfile")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** The last stage's ENV values, in the `ENV A=1 B=2` form. */
function runtimeStage() {
  const all = dockerfileInstructions();
  const lastFrom = all.map((i) => i.keyword).lastIndexOf("FROM");
  const stage = all.slice(lastFrom);
  const env: Record<string, string> = {};
  for (const { args } of stage.filter((i) => i.keyword === "ENV")) {
    for (const [, name, value] of args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g))
      env[name as string] = (value as string).replace(/^"|"$/g, "");
  }
  return { all, stage, env };
}

describe("compose.yaml", () => {
  it("refuses to start without the secrets a user must set", () => {
    for (const name of Object.keys(userEnv)) {
      const { [name as keyof typeof userEnv]: _, ...rest } = userEnv;
      expect(() => interpolateAll(rawCompose, rest)).toThrow(`required variable ${name} is missing`);
    }
  });

  it("gives the app only variables lib/env.ts reads, all of them valid", () => {
    const unknown = Object.keys(appEnv).filter((name) => !envVariableNames.includes(name));
    expect(unknown).toEqual([]);
    const { env: imageEnv } = runtimeStage();
    // The image sets NODE_ENV=production; compose adds the rest. Both parse as start-up would.
    expect(() => parseServerEnv({ ...imageEnv, ...appEnv })).not.toThrow();
    expect(() => parseClientEnv(appEnv)).not.toThrow();
  });

  it("sets every variable production requires, and an external realtime server", () => {
    const env = parseServerEnv({ ...runtimeStage().env, ...appEnv });
    expect(env.NODE_ENV).toBe("production");
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/parley:.+@postgres:5432\/parley$/);
    expect(wantsEmbeddedRealtime(env)).toBe(false);
    expect(getRealtimeMode(env)).toBe("self-hosted");
    for (const name of requiredInProduction(false)) expect(env[name], name).toBeTruthy();
    for (const name of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const)
      expect(env[name], name).toBeTruthy();
    // Never HOSTNAME (Docker's container id): the app listens on every interface.
    expect(appEnv).not.toHaveProperty("HOSTNAME");
    expect(env.listenHost).toBeUndefined();
    // Browsers are not sent to "soketi", and nothing warns at start-up.
    expect(internalRealtimeHostWarning(env, parseClientEnv(appEnv))).toBeNull();
    expect(plainRealtimeWarning(env, parseClientEnv(appEnv))).toBeNull();
  });

  it("gives soketi the app's id, key and secret, with client messages and user authentication on", () => {
    expect(appEnv.PUSHER_HOST).toBe("soketi");
    expect(soketiEnv.SOKETI_DEFAULT_APP_ID).toBe(appEnv.PUSHER_APP_ID);
    expect(soketiEnv.SOKETI_DEFAULT_APP_KEY).toBe(appEnv.PUSHER_KEY);
    expect(soketiEnv.SOKETI_DEFAULT_APP_SECRET).toBe(appEnv.PUSHER_SECRET);
    expect(soketiEnv.SOKETI_DEFAULT_APP_SECRET).toBe(userEnv.PUSHER_SECRET);
    expect(appEnv.NEXT_PUBLIC_PUSHER_KEY).toBe(appEnv.PUSHER_KEY);
    expect(soketiEnv.SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES).toBe("true");
    expect(soketiEnv.SOKETI_DEFAULT_APP_USER_AUTHENTICATION).toBe("true");
    // soketi listens on 6001 unless told otherwise; the app and browsers use that port.
    const soketiPort = soketiEnv.SOKETI_PORT ?? "6001";
    expect(appEnv.PUSHER_PORT).toBe(soketiPort);
    expect(soketi?.ports).toContain(`${appEnv.NEXT_PUBLIC_PUSHER_PORT}:${soketiPort}`);
    expect(soketi?.image).toMatch(/^quay\.io\/soketi\/soketi:1\.6\.1-/);
  });

  it("uses variable names soketi 1.6.1 reads, for the options Parley needs", () => {
    const cli = path.join(root, "bench/node_modules/@soketi/soketi/dist/cli/cli.js");
    // bench/ installs soketi (.ci/run does); without it this check has nothing to read.
    if (!fs.existsSync(cli)) return expect(process.env.CI, "soketi is installed in CI").toBeFalsy();
    const source = fs.readFileSync(cli, "utf8");
    const option = (name: string) =>
      source.match(new RegExp(`\\b${name.replace(/^SOKETI_/, "")}: '([^']+)'`))?.[1];
    for (const name of Object.keys(soketiEnv)) expect(option(name), name).toBeDefined();
    expect(option("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES")).toBe(
      "appManager.array.apps.0.enableClientMessages",
    );
    expect(option("SOKETI_DEFAULT_APP_USER_AUTHENTICATION")).toBe(
      "appManager.array.apps.0.enableUserAuthentication",
    );
    expect(option("SOKETI_DEFAULT_APP_WEBHOOKS")).toBe("appManager.array.apps.0.webhooks");
  });

  it("sends soketi's webhooks to the app's webhook route on the app's port", () => {
    const webhooks = JSON.parse(soketiEnv.SOKETI_DEFAULT_APP_WEBHOOKS ?? "[]") as {
      url: string;
      event_types: string[];
    }[];
    expect(webhooks).toHaveLength(1);
    const url = new URL(webhooks[0]?.url ?? "");
    expect(url.hostname).toBe("app");
    const appPort = appEnv.PORT ?? runtimeStage().env.PORT;
    expect(url.port).toBe(appPort);
    expect(app?.ports).toContain(`${appPort}:${appPort}`);
    expect(url.pathname).toBe("/api/realtime/webhook");
    expect(read("app/api/realtime/webhook/route.ts")).toMatch(/export async function POST\(/);
    expect(webhooks[0]?.event_types.sort()).toEqual([
      "channel_occupied",
      "channel_vacated",
      "member_added",
      "member_removed",
    ]);
  });

  it("starts the app after the migration has completed, against the same database", () => {
    expect(app?.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(app?.depends_on?.postgres).toEqual({ condition: "service_healthy" });
    expect(app?.depends_on?.soketi).toEqual({ condition: "service_healthy" });
    expect(migrate?.depends_on?.postgres).toEqual({ condition: "service_healthy" });
    expect(migrate?.environment?.DATABASE_URL).toBe(appEnv.DATABASE_URL);
    expect(migrate?.image).toBe(app?.image);
    expect(migrate?.command).toEqual(["node", "--import", "tsx", "scripts/db-migrate.ts"]);
    expect(fs.existsSync(path.join(root, "scripts/db-migrate.ts"))).toBe(true);
    const database = new URL(appEnv.DATABASE_URL ?? "");
    expect(postgres?.environment).toMatchObject({
      POSTGRES_USER: database.username,
      POSTGRES_PASSWORD: database.password,
      POSTGRES_DB: database.pathname.slice(1),
    });
  });
});

describe("Dockerfile", () => {
  it("builds in stages at image time and runs as a user other than root", () => {
    const { all, stage } = runtimeStage();
    expect(all.filter((i) => i.keyword === "FROM").length).toBeGreaterThanOrEqual(2);
    expect(all.some((i) => i.keyword === "RUN" && /\bnpm ci\b/.test(i.args))).toBe(true);
    expect(all.some((i) => i.keyword === "RUN" && /\bnext build\b/.test(i.args))).toBe(true);
    const users = stage.filter((i) => i.keyword === "USER").map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it("stamps the build newer than the sources after its last copy, so start-up never rebuilds", () => {
    const { stage } = runtimeStage();
    const lastCopy = stage.map((i) => i.keyword).lastIndexOf("COPY");
    const stamp = stage.findIndex((i) => i.keyword === "RUN" && /touch \.next\/BUILD_ID/.test(i.args));
    expect(stamp).toBeGreaterThan(lastCopy);
    expect(stage.findIndex((i) => i.keyword === "USER")).toBeGreaterThan(stamp);
    // What lib/launcher/build.ts compares the sources with.
    expect(read("lib/launcher/build.ts")).toContain('path.join(rootDir, ".next", "BUILD_ID")');
  });

  it("checks /api/health with Node (the slim image has no curl) and starts as npm start does", () => {
    const { stage, env } = runtimeStage();
    const healthcheck = stage.find((i) => i.keyword === "HEALTHCHECK")?.args ?? "";
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/api\/health/);
    expect(healthcheck).not.toMatch(/curl|wget/);
    expect(stage.find((i) => i.keyword === "CMD")?.args).toBe(
      '["node", "--import", "tsx", "scripts/start.ts"]',
    );
    expect(JSON.parse(read("package.json")).scripts.start).toBe("node --import tsx scripts/start.ts");
    expect(env).toMatchObject({ NODE_ENV: "production", PORT: "3000", DATA_DIR: "/data" });
    expect(env).not.toHaveProperty("HOSTNAME");
    expect(Object.keys(env).filter((name) => !envVariableNames.includes(name))).toEqual([
      "NEXT_TELEMETRY_DISABLED",
    ]);
  });

  it("keeps secrets, local data and dependencies out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim());
    for (const entry of [".env", ".env*.local", ".data", "node_modules", ".next", ".git"])
      expect(ignored, entry).toContain(entry);
  });
});

describe.skipIf(soketiMissingReason())("soketi 1.6.1 configured as compose.yaml configures it", () => {
  // Only the addresses change: soketi on a loopback port, its webhooks to a loopback receiver that
  // hands each one to the app's own webhook route, with the app's own PUSHER_* from compose.yaml.
  let soketi: RunningServer;
  let receiver: http.Server;
  const deliveries: { status: number; body: string }[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, appEnv);
    resetEnvCache();
    resetPusherForTests();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", async () => {
        // The app's router: only the webhook route's own path reaches its handler.
        if (new URL(req.url ?? "/", "http://app").pathname !== "/api/realtime/webhook") {
          deliveries.push({ status: 404, body: "" });
          res.writeHead(404).end();
          return;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === "string") headers.set(name, value);
        const response = await webhookRoute(
          new Request(`http://app${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
        );
        const body = await response.text();
        deliveries.push({ status: response.status, body });
        res.writeHead(response.status).end(body);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { port } = receiver.address() as AddressInfo;
    const webhooks = (soketiEnv.SOKETI_DEFAULT_APP_WEBHOOKS ?? "").replace(
      "http://app:3000/",
      `http://127.0.0.1:${port}/`,
    );
    soketi = await startSoketi(
      { id: "", key: "", secret: "" },
      { appEnvironment: { ...soketiEnv, SOKETI_DEFAULT_APP_WEBHOOKS: webhooks } },
    );
  }, 30_000);

  afterAll(async () => {
    await soketi?.stop();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    for (const name of Object.keys(appEnv)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
    resetPusherForTests();
  });

  const target = () => ({
    host: "127.0.0.1",
    port: soketi.port,
    appId: appEnv.PUSHER_APP_ID ?? "",
    key: appEnv.PUSHER_KEY ?? "",
    secret: appEnv.PUSHER_SECRET ?? "",
    close: async () => {},
  });
  const signer = () =>
    new Pusher({
      // Signs only: no request is sent.
      host: "127.0.0.1",
      appId: appEnv.PUSHER_APP_ID ?? "",
      key: appEnv.PUSHER_KEY ?? "",
      secret: appEnv.PUSHER_SECRET ?? "",
    });

  it("answers Parley's sign-in, relays client events, and sends webhooks the app's route accepts", async () => {
    const ana = await RawClient.connect(target());
    const ben = await RawClient.connect(target());
    try {
      // User authentication on: soketi answers pusher:signin (it ignores it otherwise).
      const signIn = signer().authenticateUser(ana.socketId, { id: "ana" });
      ana.client.send({ event: "pusher:signin", data: signIn });
      await ana.client.next((frame) => frame.event === "pusher:signin_success");

      // Client messages on: a typing event reaches the other member of a private channel.
      const channel = "private-conversation-compose-check";
      for (const { client, socketId } of [ana, ben]) {
        const { auth } = signer().authorizeChannel(socketId, channel);
        expect((await client.subscribe(channel, { auth })).event).toBe(
          "pusher_internal:subscription_succeeded",
        );
      }
      ana.client.send({ event: "client-typing", channel, data: {} });
      expect(await ben.client.next((frame) => frame.event === "client-typing")).toMatchObject({ channel });

      // channel_occupied, signed with the app's key and secret, accepted by /api/realtime/webhook.
      const deadline = Date.now() + 10_000;
      while (deliveries.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(deliveries.length).toBeGreaterThan(0);
      for (const delivery of deliveries) expect(delivery).toMatchObject({ status: 200 });
      expect(JSON.parse(deliveries[0]?.body ?? "{}")).toMatchObject({ received: expect.any(Number) });
    } finally {
      ana.client.close();
      ben.client.close();
    }
  });
});
