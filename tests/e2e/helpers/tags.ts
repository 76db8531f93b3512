// The smoke set: the tests the embedded-database pass of CI runs (`npm test -- --smoke`), one
// path through each part of Parley that touches the database, the realtime server or the disk.
// The whole suite runs on PostgreSQL.
export const SMOKE = { tag: "@smoke" } as const;
