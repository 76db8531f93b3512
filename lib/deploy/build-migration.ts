import type { ServerEnv } from "@/lib/env";

// Whether a platform build (scripts/vercel-build.ts) migrates the database before `next build`.
// Production builds always do, through the direct URL (lib/env.ts): the functions that serve the
// new code never migrate themselves. A preview build shares production's database unless the
// project gives each preview one of its own (Neon's branch per preview, say), so it migrates only
// when MIGRATE_PREVIEW_DEPLOYMENTS says so; otherwise a preview of an unmerged change would alter
// the schema production runs on.

export interface BuildMigrationPlan {
  migrate: boolean;
  /** One line for the build log. */
  reason: string;
}

export class BuildConfigError extends Error {
  override name = "BuildConfigError";
}

export function planBuildMigration(env: ServerEnv): BuildMigrationPlan {
  if (!env.postgres) {
    throw new BuildConfigError(
      "DATABASE_URL is not set: a serverless deployment needs a PostgreSQL database (the embedded one keeps its data on a disk functions do not have).",
    );
  }
  const target = `through ${env.postgres.migrationUrlVariable}`;
  switch (env.VERCEL_ENV) {
    case "preview":
      return env.MIGRATE_PREVIEW_DEPLOYMENTS
        ? { migrate: true, reason: `Preview deployment with a database of its own: migrating ${target}.` }
        : {
            migrate: false,
            reason:
              "Preview deployment: not migrating (it may share production's database; set MIGRATE_PREVIEW_DEPLOYMENTS=true when each preview has its own).",
          };
    case "production":
      return { migrate: true, reason: `Production deployment: migrating ${target}.` };
    default:
      return { migrate: true, reason: `Migrating ${target}.` };
  }
}
