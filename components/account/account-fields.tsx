import { FormField, type FormFieldProps } from "@/components/ui/form-field";
import { limits } from "@/lib/accounts/schemas";

// The account fields every form shares, each with its limits and autofill hints in one place.

type Preset = Omit<FormFieldProps, "label"> & { label?: string };

export function EmailField({ label = "Email", ...props }: Preset) {
  return (
    <FormField
      label={label}
      type="email"
      autoComplete="email"
      required
      maxLength={limits.emailMax}
      {...props}
    />
  );
}

/**
 * A password: the one in use (`current-password`), or a new one with its minimum length. Never
 * filled in again after a refusal.
 */
export function PasswordField({
  label = "Password",
  isNew = false,
  defaultValue: _never,
  ...props
}: Preset & { isNew?: boolean }) {
  return (
    <FormField
      label={label}
      type="password"
      autoComplete={isNew ? "new-password" : "current-password"}
      minLength={isNew ? limits.passwordMin : undefined}
      maxLength={limits.passwordMax}
      {...props}
    />
  );
}

/** A username (or an email standing in for one): typed as is, never capitalised or corrected. */
export function HandleField({ label = "Username", ...props }: Preset) {
  return (
    <FormField
      label={label}
      autoComplete="username"
      autoCapitalize="none"
      spellCheck={false}
      required
      maxLength={limits.usernameMax}
      {...props}
    />
  );
}

export function DisplayNameField({ label = "Display name", ...props }: Preset) {
  return (
    <FormField label={label} autoComplete="name" required maxLength={limits.displayNameMax} {...props} />
  );
}
