// npm run bench:request-cost — server CPU per request, one request at a time (no queueing, no
// concurrency): a signed-out API call (Next's own cost), a history page, and a send. Starts a
// production Parley on a fresh PostgreSQL database as bench:delivery does; prints a markdown table.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { cpuMsByPid, cpuMsSince } from "./cpu";
import { createConversations, signUpMany } from "./delivery/accounts";
import { buildIfStale, serverChoiceFrom, serverChoiceOptions, startAppServer } from "./delivery/app-server";
import { killAllServers, processTree } from "./processes";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "600" },
    // Writes CPU ms per request by kind as JSON (bench/compare.ts reads them).
    json: { type: "string" },
    ...serverChoiceOptions,
  },
});
const serverChoice = serverChoiceFrom(values);
const requests = Number(values.requests);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
process.on("exit", killAllServers);

await buildIfStale(serverChoice.appDir);
const app = await startAppServer({ adminUrl, server: serverChoice });
try {
  const users = await signUpMany(app.baseUrl, 2);
  const [conversation] = await createConversations(app.baseUrl, users, 2);
  const [ana] = users;
  if (!conversation || !ana) throw new Error("setup failed");
  const messages = `${app.baseUrl}/api/conversations/${conversation.id}/messages`;
  const kinds: { name: string; run: () => Promise<Response> }[] = [
    { name: "GET history page, signed out (401)", run: () => fetch(`${messages}?limit=1`) },
    {
      name: "GET history page of 1",
      run: () => fetch(`${messages}?limit=1`, { headers: { cookie: ana.cookie } }),
    },
    {
      name: "POST a message (201)",
      run: () =>
        fetch(messages, {
          method: "POST",
          headers: { cookie: ana.cookie, "content-type": "application/json" },
          body: JSON.stringify({ body: { text: "hello there" }, clientNonce: randomUUID() }),
        }),
    },
  ];
  const lines = [
    "| request | status | server CPU per request | wall time per request |",
    "| --- | ---: | ---: | ---: |",
  ];
  const figures: Record<string, { status: number; cpuMs: number; wallMs: number }> = {};
  for (const { name, run } of kinds) {
    // Warm-up: JIT, connection pool, caches.
    for (let i = 0; i < 50; i++) await (await run()).arrayBuffer();
    // The launcher and its app workers (and the realtime server in the launcher) together.
    const cpuStart = cpuMsByPid(processTree(app.pid));
    const wallStart = performance.now();
    let status = 0;
    for (let i = 0; i < requests; i++) {
      const response = await run();
      status = response.status;
      await response.arrayBuffer();
    }
    const cpu = cpuMsSince(cpuMsByPid(processTree(app.pid)), cpuStart) / requests;
    const wall = (performance.now() - wallStart) / requests;
    lines.push(`| ${name} | ${status} | ${cpu.toFixed(2)} ms | ${wall.toFixed(2)} ms |`);
    figures[name] = { status, cpuMs: cpu, wallMs: wall };
  }
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(figures));
  console.log(`## Server CPU per request (${requests} of each, one at a time)\n\n${lines.join("\n")}`);
} finally {
  await app.stop();
}
