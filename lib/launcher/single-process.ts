// One process serves everything: Next and, unless an external Pusher-protocol server is
// configured, the embedded realtime server on the same port. `npm run dev` always; `npm start`
// when one app process is wanted (see launch-layout.ts).
import { serveNext } from "./next-server";
import { guardProcess, prepare, readyLine, startEmbeddedRealtime, stopOnSignal } from "./start-up";

export async function runSingleProcess(options: { dev: boolean; coalesceApiResponses?: boolean }) {
  const { dev } = options;
  // This process is the one that opens the embedded database, so it migrates it.
  const env = await prepare({ dev, migrateHere: true });
  const realtime = env.REALTIME_EMBEDDED ? await startEmbeddedRealtime(env) : undefined;
  const app = await serveNext({
    env,
    dev,
    realtime,
    withNextUpgrades: dev,
    coalesceApiResponses: options.coalesceApiResponses,
  });
  console.log(readyLine(env, dev, `realtime: ${realtime ? "embedded" : "external"}`));
  await guardProcess("Parley");

  // Realtime first: clients get 4200 and reconnect to whichever node comes back.
  stopOnSignal(async () => {
    await realtime?.close();
    await app.close();
  });
}
