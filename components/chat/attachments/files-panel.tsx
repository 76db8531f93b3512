"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Download, Files } from "lucide-react";
import { Dialog } from "radix-ui";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { chatApi } from "@/lib/chat/client/api";
import { formatBytes } from "@/lib/files/format-bytes";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function FilesList({ conversationId }: { conversationId: string }) {
  const query = useInfiniteQuery({
    queryKey: ["conversation-files", conversationId],
    queryFn: ({ pageParam }) => chatApi.listAttachments(conversationId, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Opened to see what is there now.
    staleTime: 0,
  });
  if (query.isPending) return <p className="text-sm text-muted-foreground">Loading files…</p>;
  if (query.isError) {
    return (
      <div role="alert" className="flex items-center gap-2 text-sm text-danger">
        Could not load the files.
        <Button variant="outline" size="sm" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const files = query.data.pages.flatMap((page) => page.attachments);
  if (files.length === 0) return <p className="text-sm text-muted-foreground">No files shared yet.</p>;
  return (
    <>
      <ul
        aria-label="Shared files"
        className="-mx-1 flex max-h-[60vh] flex-col divide-y divide-border overflow-y-auto"
      >
        {files.map((file) => (
          <li key={file.id} className="flex min-w-0 items-center gap-3 px-1 py-2">
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium" title={file.name}>
                {file.name}
              </p>
              <p className="truncate text-xs text-muted-foreground">
                {formatBytes(file.size)} · {file.uploader?.displayName ?? "Deleted user"} ·{" "}
                <time dateTime={file.createdAt}>{when.format(new Date(file.createdAt))}</time>
              </p>
            </div>
            <a
              href={file.downloadUrl}
              download={file.name}
              aria-label={`Download ${file.name}`}
              className="shrink-0 rounded-md p-2 hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary"
            >
              <Download aria-hidden className="size-4" />
            </a>
          </li>
        ))}
      </ul>
      {query.hasNextPage ? (
        <Button
          variant="outline"
          size="sm"
          className="mt-3 w-full"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
      {query.isFetchNextPageError ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          Could not load more files.
        </p>
      ) : null}
    </>
  );
}

/** "Files" in the conversation header: the files shared in it, newest first, each downloadable. */
export function FilesPanelButton({ conversationId }: { conversationId: string }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <Dialog.Root open={isOpen} onOpenChange={setIsOpen}>
      <Dialog.Trigger asChild>
        <Button variant="ghost" size="sm" className="ml-auto shrink-0">
          <Files aria-hidden className="size-4" />
          <span className="max-sm:sr-only">Files</span>
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-16 z-50 w-[min(32rem,calc(100vw-1rem))] -translate-x-1/2 rounded-lg border border-border bg-card p-4 shadow-xl"
        >
          <div className="mb-3 flex items-center justify-between gap-2">
            <Dialog.Title className="text-lg font-semibold">Files</Dialog.Title>
            <Dialog.Close asChild>
              <Button variant="ghost" size="sm">
                Close
              </Button>
            </Dialog.Close>
          </div>
          {isOpen ? <FilesList conversationId={conversationId} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
