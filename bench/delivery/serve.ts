// The server a benchmark starts: Parley's production server (lib/launcher/launch.ts) in the layout
// BENCH_LAYOUT names ("workers": the launcher and its app workers, as `npm start` runs it;
// "single": one process), with API answers coalesced into one write unless BENCH_COALESCE=false.
// App workers run this same file (node:cluster forks the entry), so both read the same settings.
import { loadEnv } from "@/lib/load-env";

loadEnv("production");
const layout = process.env.BENCH_LAYOUT === "single" ? "single" : "workers";
const coalesceApiResponses = process.env.BENCH_COALESCE !== "false";

const { fail } = await import("@/lib/launcher/start-up");
const { launch } = await import("@/lib/launcher/launch");
launch({ dev: false, layout, coalesceApiResponses }).catch(fail);
