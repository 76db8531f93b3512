import { UserAvatar } from "@/components/account/user-avatar";
import type { PersonDto } from "@/lib/chat/dto";

/** A person in a search result: picture or initials, name and @username, as one button. */
export function PersonOption({
  person,
  isDisabled,
  onPick,
}: {
  person: PersonDto;
  isDisabled?: boolean;
  onPick: (person: PersonDto) => void;
}) {
  return (
    <button
      type="button"
      disabled={isDisabled}
      onClick={() => onPick(person)}
      className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-muted disabled:opacity-60"
    >
      <UserAvatar name={person.displayName} avatar={person.avatar} />
      <span className="min-w-0">
        <span className="block truncate text-sm font-medium">{person.displayName}</span>
        <span className="block truncate text-xs text-muted-foreground">@{person.username}</span>
      </span>
    </button>
  );
}
