"use client";

import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";

/**
 * "Seen" under a direct message the other person has read; "Seen by N" in groups, which lists the
 * readers on hover (title), on tap or click (a popover — phones have no hover) and to screen readers.
 */
export function SeenLine({
  readers,
  isGroup,
  nameOf,
}: {
  readers: string[] | undefined;
  isGroup: boolean;
  nameOf: (userId: string) => string;
}) {
  if (!readers?.length) return null;
  if (!isGroup) return <p className="px-4 pt-0.5 text-right text-xs text-muted-foreground">Seen</p>;
  const names = readers.map(nameOf);
  return (
    <div className="flex justify-end px-4 pt-0.5">
      <Popover>
        <PopoverTrigger
          title={names.join(", ")}
          className="rounded text-xs text-muted-foreground hover:underline focus-visible:outline-2 focus-visible:outline-primary"
        >
          Seen by {readers.length}
          <span className="sr-only">: {names.join(", ")}</span>
        </PopoverTrigger>
        <PopoverContent align="end" className="max-w-64 p-3 text-sm">
          <p className="mb-1 text-xs font-semibold text-muted-foreground">Seen by</p>
          <ul aria-label="Seen by" className="flex flex-col gap-0.5">
            {names.map((name, index) => (
              <li key={readers[index]}>{name}</li>
            ))}
          </ul>
        </PopoverContent>
      </Popover>
    </div>
  );
}
