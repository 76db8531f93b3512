import "server-only";
import type { Actor } from "@/lib/accounts/types";
import type { PersonDto } from "@/lib/chat/dto";
import { parseInput } from "@/lib/chat/parse-input";
import { type SearchPeopleInput, searchPeopleSchema } from "@/lib/chat/schemas";
import { getDb } from "@/lib/db";
import { limitAction } from "@/lib/rate-limit/actions";

const SEARCH_LIMIT = 20;

/** Escapes LIKE wildcards so a search for "a_b" means the literal text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * People to start a conversation with, by @username or display name (the trigram indexes serve
 * ILIKE). Exact and prefix username matches rank first. Never the actor or deleted accounts.
 */
export async function searchPeople({
  actor,
  ...input
}: { actor: Actor } & SearchPeopleInput): Promise<PersonDto[]> {
  const { query } = parseInput(searchPeopleSchema, input, "query");
  await limitAction("searchPeople", actor.id);
  const pattern = likePattern(query);
  const lower = query.toLowerCase();
  return getDb().$queryRaw<PersonDto[]>`
    SELECT id, username, "displayName", avatar
    FROM "User"
    WHERE "deletedAt" IS NULL AND id <> ${actor.id}
      -- Someone who blocked the actor is not offered to them.
      AND NOT EXISTS (SELECT 1 FROM "Block" b WHERE b."blockerId" = "User".id AND b."blockedId" = ${actor.id})
      AND (username ILIKE ${pattern} OR "displayName" ILIKE ${pattern})
    ORDER BY (username = ${lower}) DESC, starts_with(username, ${lower}) DESC,
      starts_with(lower("displayName"), ${lower}) DESC, "displayName", username
    LIMIT ${SEARCH_LIMIT}`;
}
