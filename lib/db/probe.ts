import pg from "pg";
import { describePostgresError } from "./errors";

/**
 * Connects once to the PostgreSQL server at `url` and runs `SELECT 1`, so that start-up stops
 * with one actionable line (unreachable, bad credentials, missing database) instead of serving
 * an app whose every page fails.
 */
export async function assertPostgresReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw describePostgresError(error, url);
  } finally {
    await client.end().catch(() => {});
  }
}
