import { AppError } from "@/lib/errors";

const CALLBACK_COOKIES = ["authjs.callback-url", "__Secure-authjs.callback-url"];

/** Auth.js's own test of a callback URL: an absolute http(s) URL, or a path on this origin. */
function isValidCallbackUrl(value: string, origin: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * Auth.js treats a callback URL it cannot use (from the query or its cookie) as a configuration
 * error and answers 500; refuse it as the client's mistake instead (400).
 */
export function assertUsableCallbackUrls(
  request: Request & { cookies?: { get(name: string): { value: string } | undefined } },
): void {
  const url = new URL(request.url);
  const values = [
    url.searchParams.get("callbackUrl"),
    ...CALLBACK_COOKIES.map((name) => request.cookies?.get(name)?.value),
  ];
  for (const value of values) {
    if (value && !isValidCallbackUrl(value, url.origin)) {
      throw new AppError("invalid:callback_url", "The callback URL is not valid.");
    }
  }
}
