"use client";

import { useEffect, useState } from "react";
import { FormField } from "@/components/ui/form-field";
import { limits } from "@/lib/accounts/schemas";
import { statusClearAfterLabels, statusClearAfterValues } from "@/lib/accounts/status";

/** Status emoji + text and when to clear it. */
export function StatusFields({
  emoji,
  text,
  expiresAt,
  errorFor,
}: {
  emoji: string;
  text: string;
  expiresAt: string | null;
  errorFor: (name: string) => string | undefined;
}) {
  // "Today" means the person's own day: send the browser's offset with the form.
  const [timeZoneOffset, setTimeZoneOffset] = useState(0);
  useEffect(() => setTimeZoneOffset(new Date().getTimezoneOffset()), []);
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-semibold">Status</legend>
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
        <FormField
          name="statusEmoji"
          label="Status emoji"
          placeholder="💬"
          defaultValue={emoji}
          autoComplete="off"
          error={errorFor("statusEmoji")}
        />
        <FormField
          name="statusText"
          label="Status"
          placeholder="What are you up to?"
          maxLength={limits.statusTextMax}
          defaultValue={text}
          autoComplete="off"
          error={errorFor("statusText")}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor="field-status-clear" className="text-sm font-medium">
          Clear after
        </label>
        <select
          id="field-status-clear"
          name="statusClearAfter"
          defaultValue="never"
          className="h-10 rounded-md border border-border bg-background px-3 text-base sm:text-sm"
          aria-describedby={expiresAt ? "field-status-expiry" : undefined}
        >
          {statusClearAfterValues.map((value) => (
            <option key={value} value={value}>
              {statusClearAfterLabels[value]}
            </option>
          ))}
        </select>
        {expiresAt ? (
          <p id="field-status-expiry" className="text-xs text-muted-foreground">
            The current status clears {new Date(expiresAt).toLocaleString()}. Saving sets a new time.
          </p>
        ) : null}
      </div>
      <input type="hidden" name="timeZoneOffset" value={timeZoneOffset} />
    </fieldset>
  );
}
