// npm run bench:files — attachments on the local driver, measured against a production Parley on a
// fresh PostgreSQL database (as bench:delivery starts it), each figure beside a baseline taken in
// turns within the same run, since this machine is shared and its speed drifts:
//   1. a 25 MB upload through Parley's upload route against a `curl` PUT of the same file to a bare
//      node:http server that writes it to disk (target: within 2×);
//   2. how much the server's memory (the resident set of its process tree) grows while receiving
//      that upload (target: < 64 MB — the route streams to disk, it never holds the file);
//   3. a 12-megapixel JPEG upload (sniffed, oriented, thumbnailed, thumbhashed) against an upload of
//      the same number of bytes that is not an image: the difference is the thumbnail's cost; and
//      the server's memory growth meanwhile.
// Prints a markdown table (median [min–max] over the rounds) and the verdicts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { createConversations, signUpMany } from "./delivery/accounts";
import { buildIfStale, startAppServer } from "./delivery/app-server";
import { freePort, killAllServers, processTree, readRssKib, spawnServer } from "./processes";
import { summarize } from "./stats";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    "size-mb": { type: "string", default: "25" },
    // Profiles the server's CPU (node --cpu-prof) into this folder.
    "cpu-prof-dir": { type: "string" },
  },
});
const rounds = Number(values.rounds);
const uploadBytes = Number(values["size-mb"]) * 1024 * 1024;
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MiB = 1024 * 1024;
process.on("exit", killAllServers);

function log(message: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-bench-files-"));
const bigFile = path.join(workDir, "big.bin");
const photoFile = path.join(workDir, "photo.jpg");
const photoSizedFile = path.join(workDir, "photo-sized.bin");

// Random bytes: incompressible, like most photos and archives people send.
fs.writeFileSync(bigFile, randomBytes(uploadBytes));
// A 4000 × 3000 camera-like photo: noise over a gradient, so the JPEG has a photo's size.
const photo = await sharp({
  create: {
    width: 4000,
    height: 3000,
    channels: 3,
    background: { r: 90, g: 140, b: 200 },
    noise: { type: "gaussian", mean: 128, sigma: 30 },
  },
})
  .withMetadata({ orientation: 6 })
  .jpeg({ quality: 85 })
  .toBuffer();
fs.writeFileSync(photoFile, photo);
fs.writeFileSync(photoSizedFile, randomBytes(photo.length));
const smallFile = path.join(workDir, "small.bin");
fs.writeFileSync(smallFile, randomBytes(64 * 1024));
const smallPhotoFile = path.join(workDir, "small.jpg");
fs.writeFileSync(smallPhotoFile, await sharp(photo).resize(640).jpeg().toBuffer());
log(
  `Test files: ${uploadBytes / MiB} MiB of random bytes; a 4000×3000 JPEG of ${(photo.length / MiB).toFixed(1)} MiB`,
);

/** A bare node:http server that writes each request body to a file: the floor for any upload route. */
async function startBareServer() {
  const port = await freePort();
  const script = `
    const http = require("node:http"), fs = require("node:fs"), path = require("node:path");
    let n = 0;
    http.createServer((req, res) => {
      const file = path.join(${JSON.stringify(workDir)}, "bare-" + (n++) + ".bin");
      const out = fs.createWriteStream(file);
      req.pipe(out);
      out.on("finish", () => { res.writeHead(201); res.end(); fs.rm(file, () => {}); });
    }).listen(${port}, "127.0.0.1", () => console.log("bare server listening"));
  `;
  const server = spawnServer({
    name: "bare",
    command: process.execPath,
    args: ["-e", script],
    cwd: workDir,
    logFile: path.join(workDir, "bare.log"),
    env: {},
  });
  await server.waitForLine(/bare server listening/, 10_000);
  return { url: `http://127.0.0.1:${port}/upload`, stop: () => server.stop() };
}

/** One `curl` upload streamed from disk; returns its wall time in ms and the HTTP status. */
function curlUpload(method: "PUT" | "POST", url: string, file: string, headers: string[] = []) {
  return new Promise<{ ms: number; status: number; body: string }>((resolve, reject) => {
    const bodyFile = path.join(workDir, "answer.json");
    const args = ["-sS", "-o", bodyFile, "-w", "%{time_total} %{http_code}", "-X", method, "-T", file];
    // No `Expect: 100-continue` round trip for either server.
    for (const header of ["Expect:", "Content-Type: application/octet-stream", ...headers])
      args.push("-H", header);
    args.push(url);
    const child = spawn("curl", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`curl exited with ${code}: ${err}`));
      const [seconds, status] = out.trim().split(" ");
      const body = fs.existsSync(bodyFile) ? fs.readFileSync(bodyFile, "utf8") : "";
      resolve({ ms: Number(seconds) * 1000, status: Number(status), body });
    });
  });
}

/**
 * Runs `work` while sampling the server tree's resident set; returns the growth over the start.
 * Timed uploads never run under this sampler (it costs CPU on a small machine): memory is measured
 * on uploads of their own. The tree is listed once, not on every sample.
 */
async function withRssGrowth<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; growthMib: number }> {
  const members = processTree(pid);
  const read = () => members.reduce((total, member) => total + readRssOrZero(member), 0);
  const start = read();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, read());
    return { result, growthMib: (peak - start) / 1024 };
  } finally {
    clearInterval(timer);
  }
}

function readRssOrZero(pid: number): number {
  try {
    return readRssKib(pid);
  } catch {
    return 0; // exited
  }
}

const figures = new Map<string, number[]>();
function record(name: string, value: number) {
  figures.set(name, [...(figures.get(name) ?? []), value]);
}

await buildIfStale();
const bare = await startBareServer();
const app = await startAppServer({ adminUrl, cpuProfileDir: values["cpu-prof-dir"] });
try {
  const users = await signUpMany(app.baseUrl, 2);
  const [conversation] = await createConversations(app.baseUrl, users, 2);
  const [ana] = users;
  if (!conversation || !ana) throw new Error("setup failed");
  const uploadUrl = (name: string) =>
    `${app.baseUrl}/api/conversations/${conversation.id}/attachments?name=${encodeURIComponent(name)}`;
  const parleyUpload = async (file: string, name: string) => {
    const answer = await curlUpload("POST", uploadUrl(name), file, [`Cookie: ${ana.cookie}`]);
    if (answer.status !== 201) throw new Error(`Upload of ${name} answered ${answer.status}: ${answer.body}`);
    return answer;
  };

  // Small uploads first, unmeasured: the routes load their code and warm their pools. Nothing large
  // yet, so the first 25 MB upload below meets a heap that has never held a large file: memory a
  // previous upload freed would hide growth from the resident set.
  await parleyUpload(smallFile, "warm-up.bin");
  await parleyUpload(smallPhotoFile, "warm-up.jpg");
  await curlUpload("PUT", bare.url, bigFile);

  for (let round = 1; round <= rounds; round++) {
    // Memory on an upload of its own (the timed ones run unsampled); on the first round, the first
    // large upload the server sees.
    const { growthMib } = await withRssGrowth(app.pid, () => parleyUpload(bigFile, `big-rss-${round}.bin`));
    record("server RSS growth during the 25 MB upload (MiB)", growthMib);
    if (round === 1) record("server RSS growth, first 25 MB upload of a fresh server (MiB)", growthMib);
    // Alternate which goes first, so a drift of the machine's speed falls on both alike.
    const order = round % 2 ? ["bare", "parley"] : ["parley", "bare"];
    for (const which of order) {
      if (which === "bare") {
        const { ms } = await curlUpload("PUT", bare.url, bigFile);
        record("25 MB upload, bare node:http to disk (ms)", ms);
      } else {
        const { ms } = await parleyUpload(bigFile, `big-${round}.bin`);
        record("25 MB upload, Parley's upload route (ms)", ms);
      }
    }
    const photoOrder = round % 2 ? ["photo", "sized"] : ["sized", "photo"];
    for (const which of photoOrder) {
      if (which === "photo") {
        const { ms } = await parleyUpload(photoFile, `photo-${round}.jpg`);
        record("12 MP JPEG upload incl. thumbnail (ms)", ms);
      } else {
        const { ms } = await parleyUpload(photoSizedFile, `same-size-${round}.bin`);
        record("same-size upload, not an image (ms)", ms);
      }
    }
    const photoMemory = await withRssGrowth(app.pid, () => parleyUpload(photoFile, `photo-rss-${round}.jpg`));
    record("server RSS growth during the 12 MP JPEG upload (MiB)", photoMemory.growthMib);
    log(`Round ${round} of ${rounds} done`);
  }
} finally {
  await app.stop();
  await bare.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}

const median = (name: string) => summarize(figures.get(name) ?? []).p50;
const format = (samples: number[]) => {
  const summary = summarize(samples);
  return `${summary.p50.toFixed(1)} [${Math.min(...samples).toFixed(1)}–${Math.max(...samples).toFixed(1)}]`;
};
console.log(`\n## bench:files — ${rounds} rounds, alternated\n`);
console.log("| figure | median [min–max] |\n| --- | ---: |");
for (const [name, samples] of figures) console.log(`| ${name} | ${format(samples)} |`);

const ratio =
  median("25 MB upload, Parley's upload route (ms)") / median("25 MB upload, bare node:http to disk (ms)");
const rssGrowth = Math.max(
  ...(figures.get("server RSS growth during the 25 MB upload (MiB)") ?? [Number.POSITIVE_INFINITY]),
);
const thumbnailMs =
  median("12 MP JPEG upload incl. thumbnail (ms)") - median("same-size upload, not an image (ms)");
console.log(`\n| target | figure | verdict |\n| --- | --- | --- |`);
console.log(
  `| 25 MB upload within 2× of the bare server | ${ratio.toFixed(2)}× | ${ratio <= 2 ? "PASS" : "FAIL"} |`,
);
console.log(
  `| server RSS grows < 64 MB receiving 25 MB (worst round) | ${rssGrowth.toFixed(1)} MiB | ${rssGrowth < 64 ? "PASS" : "FAIL"} |`,
);
console.log(
  `| thumbnail of a 12 MP JPEG (difference of medians) | ${thumbnailMs.toFixed(0)} ms | (reported) |`,
);
