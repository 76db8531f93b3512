/** The one answer for every failed sign-in, so it never tells whether an account exists. */
export const INVALID_CREDENTIALS_MESSAGE = "Incorrect email, username or password.";
