import { z } from "zod";
import { accentColors, themes } from "./appearance";
import { statusClearAfterValues } from "./status";

// Shared by the forms (instant feedback, input limits) and the server actions (the real check).
// No server-only imports here: the browser bundle includes this file.

export const limits = {
  emailMax: 254,
  usernameMin: 3,
  usernameMax: 32,
  displayNameMax: 64,
  passwordMin: 10,
  // argon2 hashes any length, but an unbounded input is a cheap way to burn server CPU.
  passwordMax: 256,
  bioMax: 190,
  statusTextMax: 80,
} as const;

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(limits.emailMax, `Use at most ${limits.emailMax} characters.`)
  .pipe(z.email("Enter a valid email address, like name@example.com."));

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(limits.usernameMin, `Use at least ${limits.usernameMin} characters.`)
  .max(limits.usernameMax, `Use at most ${limits.usernameMax} characters.`)
  .regex(/^[a-z0-9_]+$/, "Use only letters, digits and underscores.")
  .refine((name) => !RESERVED_USERNAMES.has(name), "That username is reserved. Choose another.");

/** Words with a meaning of their own in messages (`@everyone`) or in the app's URLs. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  "everyone",
  "here",
  "channel",
  "admin",
  "parley",
  "system",
]);

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a display name.")
  .max(limits.displayNameMax, `Use at most ${limits.displayNameMax} characters.`);

export const newPasswordSchema = z
  .string()
  .min(limits.passwordMin, `Use at least ${limits.passwordMin} characters.`)
  .max(limits.passwordMax, `Use at most ${limits.passwordMax} characters.`);

export const signUpSchema = z.object({
  email: emailSchema,
  username: usernameSchema,
  displayName: displayNameSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(1, "Enter your email or username.")
    .max(limits.emailMax, `Use at most ${limits.emailMax} characters.`),
  password: z.string().min(1, "Enter your password.").max(limits.passwordMax, "That password is too long."),
});
export type SignInInput = z.infer<typeof signInSchema>;

const emptyToNull = (value: string) => (value === "" ? null : value);

const statusEmojiSchema = z
  .string()
  .trim()
  .max(32, "Use a single emoji.")
  .refine(
    (value) =>
      value === "" ||
      ([...new Intl.Segmenter().segment(value)].length === 1 &&
        /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value)),
    "Use a single emoji.",
  )
  .transform(emptyToNull);

// Status, theme and accent are optional so a form that leaves them out keeps what is stored.
export const profileSchema = z.object({
  displayName: displayNameSchema,
  bio: z
    .string()
    .trim()
    .max(limits.bioMax, `Use at most ${limits.bioMax} characters.`)
    .transform(emptyToNull),
  statusEmoji: statusEmojiSchema.optional(),
  statusText: z
    .string()
    .trim()
    .max(limits.statusTextMax, `Use at most ${limits.statusTextMax} characters.`)
    .transform(emptyToNull)
    .optional(),
  statusClearAfter: z.enum(statusClearAfterValues, "Choose when to clear the status.").optional(),
  /** The browser's `getTimezoneOffset()`, so "today" ends at the person's own midnight. */
  timeZoneOffset: z.coerce.number().int().min(-900).max(900).optional(),
  theme: z.enum(themes, "Choose light, dark or system.").optional(),
  accentColor: z.enum(accentColors, "Choose one of the accent colours.").optional(),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().max(limits.passwordMax, "That password is too long."),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const deleteAccountSchema = z.object({
  /** Typed by the person as a deliberate confirmation. */
  confirmUsername: z.string().trim().toLowerCase().min(1, "Type your username to confirm."),
  password: z.string().max(limits.passwordMax, "That password is too long."),
});
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;

export const changeEmailSchema = z.object({
  email: emailSchema,
  password: z.string().max(limits.passwordMax, "That password is too long."),
});
export type ChangeEmailInput = z.infer<typeof changeEmailSchema>;
