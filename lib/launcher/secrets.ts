import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const secretsSchema = z.object({
  authSecret: z.string().min(32),
  pusher: z.object({ appId: z.string().min(1), key: z.string().min(1), secret: z.string().min(32) }),
});

export type GeneratedSecrets = z.infer<typeof secretsSchema>;

function generate(): GeneratedSecrets {
  return {
    authSecret: randomBytes(32).toString("base64url"),
    pusher: {
      appId: String(randomInt(100_000, 999_999)),
      key: randomBytes(10).toString("hex"),
      secret: randomBytes(32).toString("hex"),
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Secrets for a zero-config install, generated once and kept in the data folder so that
 * sessions and realtime credentials survive restarts. Never overwrites an unreadable file:
 * a damaged secrets file is reported, not replaced (replacing it would sign everyone out).
 */
export function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (fs.existsSync(file)) {
    const parsed = secretsSchema.safeParse(parseJson(fs.readFileSync(file, "utf8")));
    if (!parsed.success) {
      throw new Error(
        `${file} is damaged. Restore it from a backup, or move it away to generate new secrets.`,
      );
    }
    return parsed.data;
  }
  const secrets = generate();
  fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return secrets;
}
