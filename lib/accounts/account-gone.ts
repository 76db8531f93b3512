import { AppError } from "@/lib/errors";

/** The answer to anything asked of an account deleted meanwhile (or never there). */
export function accountGone(): AppError {
  return new AppError("not_found:account", "This account no longer exists.");
}
