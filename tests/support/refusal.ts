import { type AppError, isAppError } from "@/lib/errors";

/** Awaits `run`, which must reject with an AppError, and returns that error for assertions. */
export async function refusal(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}
