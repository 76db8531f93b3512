"use client";

import { SquarePen } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal, ModalContent, ModalTrigger } from "@/components/ui/modal";
import { chatApi } from "@/lib/chat/client/api";
import { PersonOption } from "./person-option";
import { useOpenConversation } from "./use-open-conversation";
import { usePeopleSearch } from "./use-people-search";

/** "New message": find a person by @username or name and open the direct conversation with them. */
export function NewMessageDialog({ onNavigate }: { onNavigate?: () => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const [query, setQuery] = useState("");
  const people = usePeopleSearch(query, isOpen);
  const { run, error, isBusy } = useOpenConversation(() => {
    setIsOpen(false);
    setQuery("");
    onNavigate?.();
  });
  const open = (userId: string) => run(() => chatApi.openDirect(userId), "Could not open the conversation.");

  return (
    <Modal open={isOpen} onOpenChange={setIsOpen}>
      <ModalTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="New message">
          <SquarePen aria-hidden className="size-5" />
        </Button>
      </ModalTrigger>
      <ModalContent title="New message">
        <label htmlFor="people-search" className="sr-only">
          Search people
        </label>
        <input
          id="people-search"
          type="text"
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
          {people.data?.length === 0 ? <p className="text-sm text-muted-foreground">No one found.</p> : null}
          {error ? <p className="text-sm text-danger">{error}</p> : null}
          <ul aria-label="People" className="flex flex-col gap-1">
            {people.data?.map((person) => (
              <li key={person.id}>
                <PersonOption person={person} isDisabled={isBusy} onPick={() => open(person.id)} />
              </li>
            ))}
          </ul>
        </div>
      </ModalContent>
    </Modal>
  );
}
