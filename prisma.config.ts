// Prisma CLI configuration. Parley generates and applies migrations offline with its own tooling
// (npm run db:migration / db:migrate, see lib/db/migrations); the datasource only matters for
// ad-hoc CLI use such as `npx prisma studio`.
import { defineConfig } from "prisma/config";
import { loadEnv } from "./lib/load-env";

loadEnv();

const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(url ? { datasource: { url } } : {}),
});
