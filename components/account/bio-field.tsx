"use client";

import { useState } from "react";
import { limits } from "@/lib/accounts/schemas";

/** The bio textarea with a live character count (announced only when near the limit). */
export function BioField({ defaultValue, error }: { defaultValue: string; error?: string }) {
  const [length, setLength] = useState(defaultValue.length);
  const remaining = limits.bioMax - length;
  const describedBy = ["field-bio-count", error ? "field-bio-error" : undefined].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor="field-bio" className="text-sm font-medium">
        Bio
      </label>
      <textarea
        id="field-bio"
        name="bio"
        rows={3}
        maxLength={limits.bioMax}
        defaultValue={defaultValue}
        onChange={(event) => setLength(event.currentTarget.value.length)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="w-full resize-y rounded-md border border-border bg-background px-3 py-2 text-base outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-danger sm:text-sm"
      />
      <p
        id="field-bio-count"
        aria-live={remaining <= 20 ? "polite" : "off"}
        className="text-xs text-muted-foreground"
      >
        {remaining} characters left
      </p>
      {error ? (
        <p id="field-bio-error" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
