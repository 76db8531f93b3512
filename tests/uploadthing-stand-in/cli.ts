// Runs the uploadthing stand-in on its own: `npx tsx tests/uploadthing-stand-in/cli.ts [port]`.
// Prints the environment to give Parley (export it, then start Parley) and serves until Ctrl-C.
import { startUploadthingStandIn } from "./server";

const port = process.argv[2] ? Number(process.argv[2]) : 0;
const standIn = await startUploadthingStandIn({ port });
console.log(`uploadthing stand-in listening on ${standIn.url}`);
for (const [name, value] of Object.entries(standIn.env)) console.log(`${name}=${value}`);
const stop = () => {
  void standIn.stop().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
