"use client";

import { Users, X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal, ModalContent, ModalTrigger } from "@/components/ui/modal";
import { chatApi } from "@/lib/chat/client/api";
import type { PersonDto } from "@/lib/chat/dto";
import { PersonOption } from "./person-option";
import { useOpenConversation } from "./use-open-conversation";
import { usePeopleSearch } from "./use-people-search";

const inputClass = "w-full rounded-md border border-border bg-background px-3 py-2 text-sm";

/** "New group": a name and the first members; the creator becomes its owner. */
export function NewGroupDialog({ onNavigate }: { onNavigate?: () => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const [name, setName] = useState("");
  const [query, setQuery] = useState("");
  const [members, setMembers] = useState<PersonDto[]>([]);
  const people = usePeopleSearch(query, isOpen);
  const candidates = people.data?.filter((person) => !members.some((m) => m.id === person.id)) ?? [];
  const { run, error, isBusy } = useOpenConversation(() => {
    setIsOpen(false);
    setName("");
    setQuery("");
    setMembers([]);
    onNavigate?.();
  });
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => chatApi.createGroup({ name, memberIds: members.map((m) => m.id) }),
      "Could not create the group.",
    );
  };

  return (
    <Modal open={isOpen} onOpenChange={setIsOpen}>
      <ModalTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="New group">
          <Users aria-hidden className="size-5" />
        </Button>
      </ModalTrigger>
      <ModalContent title="New group">
        <form onSubmit={create} className="flex flex-col gap-3">
          <label className="text-sm font-medium">
            Group name
            <input
              required
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
              className={`${inputClass} mt-1`}
            />
          </label>
          <label className="text-sm font-medium">
            Add people
            <input
              type="text"
              autoComplete="off"
              placeholder="Search by @username or name"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              className={`${inputClass} mt-1`}
            />
          </label>
          {members.length > 0 ? (
            <ul aria-label="Members to add" className="flex flex-wrap gap-2">
              {members.map((member) => (
                <li
                  key={member.id}
                  className="flex items-center gap-1 rounded-full bg-muted py-1 pl-3 pr-1 text-sm"
                >
                  {member.displayName}
                  <button
                    type="button"
                    aria-label={`Remove ${member.displayName}`}
                    onClick={() => setMembers((list) => list.filter((m) => m.id !== member.id))}
                    className="rounded-full p-1 hover:bg-border"
                  >
                    <X aria-hidden className="size-3" />
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <ul aria-label="People" className="flex max-h-48 flex-col gap-1 overflow-y-auto">
            {candidates.map((person) => (
              <li key={person.id}>
                <PersonOption
                  person={person}
                  onPick={() => {
                    setMembers((list) => [...list, person]);
                    setQuery("");
                  }}
                />
              </li>
            ))}
          </ul>
          {error ? (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          ) : null}
          <Button type="submit" disabled={isBusy || name.trim().length === 0}>
            Create group
          </Button>
        </form>
      </ModalContent>
    </Modal>
  );
}
