import { CredentialsSignin } from "next-auth";
import { INVALID_CREDENTIALS_MESSAGE } from "./messages";

// Auth.js only passes CredentialsSignin errors from `authorize` back to the caller unchanged;
// these carry what the sign-in form needs to say.

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
  readonly publicMessage = INVALID_CREDENTIALS_MESSAGE;
}

export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(
    readonly publicMessage: string,
    readonly retryAfter: number,
  ) {
    super(publicMessage);
  }
}

/** The message to show for a refused sign-in, or undefined for errors that are not refusals. */
export function publicSignInError(error: unknown): string | undefined {
  if (error instanceof SignInRateLimited || error instanceof InvalidCredentials) return error.publicMessage;
  // Any other credentials refusal (e.g. Auth.js's own when authorize returns null).
  if (error instanceof CredentialsSignin) return INVALID_CREDENTIALS_MESSAGE;
  return undefined;
}
