export type { StandInFile, StandInOptions, UploadthingStandIn } from "./server";
export { startUploadthingStandIn } from "./server";
