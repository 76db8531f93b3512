"use client";

import { useQuery } from "@tanstack/react-query";
import { SquarePen } from "lucide-react";
import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useDeferredValue, useState } from "react";
import { UserAvatar } from "@/components/account/user-avatar";
import { Button } from "@/components/ui/button";
import { chatApi } from "@/lib/chat/client/api";

/** "New message": find a person by @username or name and open the direct conversation with them. */
export function NewMessageDialog({ onNavigate }: { onNavigate?: () => void }) {
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [openingId, setOpeningId] = useState<string | null>(null);
  const deferred = useDeferredValue(query.trim());
  const people = useQuery({
    queryKey: ["people", deferred],
    queryFn: () => chatApi.searchPeople(deferred),
    enabled: isOpen && deferred.replace(/^@/, "").length > 0,
  });

  const open = async (userId: string) => {
    setOpeningId(userId);
    setError(null);
    try {
      const { id } = await chatApi.openDirect(userId);
      setIsOpen(false);
      setQuery("");
      onNavigate?.();
      router.push(`/c/${id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not open the conversation.");
    } finally {
      setOpeningId(null);
    }
  };

  return (
    <Dialog.Root open={isOpen} onOpenChange={setIsOpen}>
      <Dialog.Trigger asChild>
        <Button variant="ghost" size="icon" aria-label="New message">
          <SquarePen aria-hidden className="size-5" />
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-24 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 rounded-lg border border-border bg-card p-4 shadow-xl"
        >
          <Dialog.Title className="mb-3 text-lg font-semibold">New message</Dialog.Title>
          <label htmlFor="people-search" className="sr-only">
            Search people
          </label>
          <input
            id="people-search"
            type="search"
            autoComplete="off"
            placeholder="Search by @username or name"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="w-full rounded-md border border-border bg-background px-3 py-2 text-sm"
          />
          <div aria-live="polite" className="mt-3 max-h-72 overflow-y-auto">
            {people.isFetching && !people.data ? (
              <p className="text-sm text-muted-foreground">Searching…</p>
            ) : null}
            {people.data?.length === 0 ? (
              <p className="text-sm text-muted-foreground">No one found.</p>
            ) : null}
            {error ? <p className="text-sm text-danger">{error}</p> : null}
            <ul aria-label="People" className="flex flex-col gap-1">
              {people.data?.map((person) => (
                <li key={person.id}>
                  <button
                    type="button"
                    disabled={openingId !== null}
                    onClick={() => open(person.id)}
                    className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-muted disabled:opacity-60"
                  >
                    <UserAvatar name={person.displayName} avatar={person.avatar} />
                    <span className="min-w-0">
                      <span className="block truncate text-sm font-medium">{person.displayName}</span>
                      <span className="block truncate text-xs text-muted-foreground">@{person.username}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
