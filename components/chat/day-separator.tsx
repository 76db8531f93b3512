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

/** Where the unread part of the history began when the conversation was opened. */
export function NewMessagesSeparator() {
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot hold the visible label
    <div role="separator" aria-label="New messages" className="flex items-center gap-3 px-4 pb-1 pt-3">
      <span aria-hidden className="h-px flex-1 bg-danger/60" />
      <span aria-hidden className="text-xs font-semibold text-danger">
        New messages
      </span>
      <span aria-hidden className="h-px flex-1 bg-danger/60" />
    </div>
  );
}
