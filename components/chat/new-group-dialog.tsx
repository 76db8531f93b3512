"use client";

import { Users, X } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal, ModalContent, ModalTrigger } from "@/components/ui/modal";
import { avatarLimits } from "@/lib/accounts/avatar-schemas";
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
  const [icon, setIcon] = useState<File | null>(null);
  const [iconError, setIconError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const preview = usePreviewUrl(icon);
  const people = usePeopleSearch(query, isOpen);
  const candidates = people.data?.filter((person) => !members.some((m) => m.id === person.id)) ?? [];
  const { run, error, isBusy } = useOpenConversation(() => {
    setIsOpen(false);
    setName("");
    setQuery("");
    setMembers([]);
    setIcon(null);
    setProgress(null);
    onNavigate?.();
  });
  const pickIcon = (file: File | undefined) => {
    setIconError(null);
    if (!file) return setIcon(null);
    if (!(avatarLimits.acceptedTypes as readonly string[]).includes(file.type)) {
      setIconError("Choose a JPEG, PNG, WebP, GIF or AVIF image.");
    } else if (file.size > avatarLimits.maxBytes) {
      setIconError(avatarLimits.tooLargeMessage);
    } else {
      setIcon(file);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const group = await chatApi.createGroup({ name, memberIds: members.map((m) => m.id) });
      if (icon) {
        setProgress(0);
        try {
          await chatApi.setGroupIcon(group.id, icon, setProgress);
        } catch (error) {
          const reason = error instanceof Error ? error.message : "";
          throw new Error(`The group was created, but its icon could not be saved. ${reason}`);
        } finally {
          setProgress(null);
        }
      }
      return group;
    }, "Could not create the group.");
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
          <div className="flex items-center gap-3">
            {preview ? (
              // biome-ignore lint/performance/noImgElement: a local blob preview, not an optimisable asset
              <img src={preview} alt="" className="size-12 rounded-full object-cover" />
            ) : (
              <span aria-hidden className="grid size-12 place-items-center rounded-full bg-muted">
                <Users className="size-5 text-muted-foreground" />
              </span>
            )}
            <label className="text-sm font-medium">
              Group icon (optional)
              <input
                type="file"
                accept={avatarLimits.acceptedTypes.join(",")}
                onChange={(event) => pickIcon(event.target.files?.[0])}
                aria-describedby={iconError ? "group-icon-error" : undefined}
                className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-1.5"
              />
            </label>
          </div>
          {iconError ? (
            <p id="group-icon-error" role="alert" className="text-sm text-danger">
              {iconError}
            </p>
          ) : null}
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
          {progress !== null ? (
            <progress aria-label="Uploading group icon" max={1} value={progress} className="w-full" />
          ) : null}
          <Button type="submit" disabled={isBusy || name.trim().length === 0}>
            Create group
          </Button>
        </form>
      </ModalContent>
    </Modal>
  );
}

/** An object URL for previewing the chosen file, revoked when it changes. */
function usePreviewUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const next = URL.createObjectURL(file);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file]);
  return url;
}
