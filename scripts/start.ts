// npm start / npm run dev — serve Parley (and, with no realtime configured, the embedded
// realtime server on the same port). Builds first when the production build is missing or stale.
// The layouts are in lib/launcher/launch.ts.
import { loadEnv } from "@/lib/load-env";

const dev = process.argv.includes("--dev");
// Sets NODE_ENV and loads the .env files for it. Next reads NODE_ENV when it loads, so this must
// happen before anything imports it. App workers inherit the result and read no file again.
loadEnv(dev ? "development" : "production");

const { fail } = await import("@/lib/launcher/start-up");
const { launch } = await import("@/lib/launcher/launch");
launch({ dev }).catch(fail);
