// npm run db:generate (also postinstall) — generate the Prisma client into lib/generated/prisma.
// Skips the work when the schema and Prisma version are unchanged since the last run (--force
// regenerates anyway).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadEnv, appRoot as rootDir } from "@/lib/load-env";

// prisma generate evaluates prisma.config.ts, which reads DATABASE_URL; it inherits this.
loadEnv();
const schemaPath = path.join(rootDir, "prisma", "schema.prisma");
const outputDir = path.join(rootDir, "lib", "generated", "prisma");
const stampPath = path.join(outputDir, ".schema-hash");

function prismaVersion(): string {
  const pkg = path.join(rootDir, "node_modules", "prisma", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

const stamp = createHash("sha256")
  .update(prismaVersion())
  .update(fs.readFileSync(schemaPath))
  .update(fs.readFileSync(path.join(rootDir, "prisma.config.ts")))
  .digest("hex");

const isCurrent =
  fs.existsSync(path.join(outputDir, "client.ts")) &&
  fs.existsSync(stampPath) &&
  fs.readFileSync(stampPath, "utf8") === stamp;

if (isCurrent && !process.argv.includes("--force")) {
  console.log("Prisma client is up to date.");
  process.exit(0);
}

// `prisma generate` insists on locating the native schema engine and downloads it when missing,
// which fails offline. Generation never runs it, so any existing file satisfies the check.
// Migrations use the WebAssembly engine instead (lib/db/migrations).
function engineStub(): string {
  const stub = path.join(os.tmpdir(), "parley-schema-engine-stub");
  if (!fs.existsSync(stub)) {
    fs.writeFileSync(
      stub,
      '#!/bin/sh\necho "Parley uses the WebAssembly schema engine; see npm run db:migrate." >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
  }
  return stub;
}

const result = spawnSync(path.join(rootDir, "node_modules", ".bin", "prisma"), ["generate"], {
  cwd: rootDir,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? engineStub(),
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});

if (result.status !== 0) {
  console.error("Prisma client generation failed (see above).");
  process.exit(result.status ?? 1);
}
fs.writeFileSync(stampPath, stamp);
