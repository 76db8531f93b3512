/** What to tell someone Auth.js sent back to the sign-in page with `?error=…` (OAuth flows). */
export function signInNotice(error: string | undefined): string | undefined {
  switch (error) {
    case undefined:
      return undefined;
    case "OAuthAccountNotLinked":
      return "An account with this email already exists. Sign in with your password first.";
    case "AccessDenied":
      return "Sign-in was cancelled or refused.";
    case "CredentialsSignin":
      return "Incorrect email, username or password.";
    default:
      return "Signing in did not work. Try again.";
  }
}
