/** A rule between messages of different days, announced by its day name. */
export function DaySeparator({ label }: { label: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot hold the visible day label
    <div role="separator" aria-label={label} className="flex items-center gap-3 px-4 pb-1 pt-4">
      <span aria-hidden className="h-px flex-1 bg-border" />
      <span aria-hidden className="text-xs font-medium text-muted-foreground">
        {label}
      </span>
      <span aria-hidden className="h-px flex-1 bg-border" />
    </div>
  );
}
