import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "./db";

// The schema's guarantees, proven on a real engine: PGlite by default, PostgreSQL when
// DATABASE_URL is set.

let testDb: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});

afterAll(async () => {
  await testDb?.drop();
});

let counter = 0;
function createUser(name = `user_${++counter}`) {
  const email = `${name.replaceAll(" ", ".")}@Example.com`;
  return db.user.create({
    data: { username: name, displayName: name, email, emailNormalized: email.toLowerCase() },
  });
}

async function createGroup(memberIds: string[]) {
  return db.conversation.create({
    data: {
      kind: "group",
      name: "Group",
      memberships: { create: memberIds.map((userId) => ({ userId })) },
    },
  });
}

function textBody(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

describe(`database schema (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("has applied the committed migrations and records them as Prisma does", async () => {
    const rows = await db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM "_prisma_migrations"`;
    expect(rows.map((row) => row.migration_name)).toContainEqual(expect.stringMatching(/^\d{14}_init$/));
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("is what getDb() returns, so domain functions use it", async () => {
    await createUser("via_get_db");
    expect(await getDb().user.count({ where: { username: "via_get_db" } })).toBe(1);
  });

  it("has pg_trgm for similarity search", async () => {
    const [row] = await db.$queryRaw<
      { score: number }[]
    >`SELECT similarity('parley', 'parlay')::float8 AS score`;
    expect(row?.score).toBeGreaterThan(0.3);
    await createUser("trigram_target");
    const found = await db.$queryRaw<{ username: string }[]>`
      SELECT username FROM "User" WHERE username % 'trigram_targte'`;
    expect(found.map((r) => r.username)).toContain("trigram_target");
  });

  it("keeps usernames unique regardless of case", async () => {
    await createUser("casey");
    await expect(createUser("casey")).rejects.toMatchObject({ code: "P2002" });
    // Mixed case cannot be stored at all, so "Casey" can never sit beside "casey".
    await expect(createUser("Casey")).rejects.toThrow(/User_username_format/);
    await expect(createUser("ab")).rejects.toThrow(/User_username_format/);
    await expect(createUser("has space")).rejects.toThrow(/User_username_format/);
  });

  it("keeps emails unique regardless of case", async () => {
    await db.user.create({
      data: {
        username: "mail_a",
        displayName: "A",
        email: "Same@Example.com",
        emailNormalized: "same@example.com",
      },
    });
    await expect(
      db.user.create({
        data: {
          username: "mail_b",
          displayName: "B",
          email: "SAME@example.com",
          emailNormalized: "same@example.com",
        },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      db.user.create({
        data: {
          username: "mail_c",
          displayName: "C",
          email: "x@Example.com",
          emailNormalized: "x@Example.com",
        },
      }),
    ).rejects.toThrow(/User_emailNormalized_lowercase/);
  });

  it("makes sends idempotent on (authorId, clientNonce)", async () => {
    const author = await createUser();
    const conversation = await createGroup([author.id]);
    const send = () =>
      db.message.upsert({
        where: { authorId_clientNonce: { authorId: author.id, clientNonce: "nonce-1" } },
        create: {
          conversationId: conversation.id,
          authorId: author.id,
          clientNonce: "nonce-1",
          body: textBody("hi"),
          plainText: "hi",
        },
        update: {},
      });
    const first = await send();
    const retry = await send();
    expect(retry.id).toBe(first.id);
    expect(await db.message.count({ where: { conversationId: conversation.id } })).toBe(1);
    await expect(
      db.message.create({
        data: {
          conversationId: conversation.id,
          authorId: author.id,
          clientNonce: "nonce-1",
          body: textBody("dup"),
          plainText: "dup",
        },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("stores one message when the same send races itself", async () => {
    const author = await createUser();
    const conversation = await createGroup([author.id]);
    const key = { authorId: author.id, clientNonce: "racing" };
    // Prisma's upsert reads then inserts, so concurrent retries can still collide on the unique
    // index; the loser reads the winner's row.
    const send = async () => {
      try {
        return await db.message.create({
          data: { ...key, conversationId: conversation.id, body: textBody("once"), plainText: "once" },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return db.message.findUniqueOrThrow({ where: { authorId_clientNonce: key } });
      }
    };
    const results = await Promise.all(Array.from({ length: 8 }, send));
    expect(new Set(results.map((message) => message.id)).size).toBe(1);
    expect(await db.message.count({ where: { conversationId: conversation.id } })).toBe(1);
  });

  it("allows one reaction per user, message and emoji", async () => {
    const user = await createUser();
    const conversation = await createGroup([user.id]);
    const message = await db.message.create({
      data: { conversationId: conversation.id, authorId: user.id, body: textBody("x"), plainText: "x" },
    });
    await db.reaction.create({ data: { messageId: message.id, userId: user.id, emoji: "👍" } });
    await db.reaction.create({ data: { messageId: message.id, userId: user.id, emoji: "🎉" } });
    await expect(
      db.reaction.create({ data: { messageId: message.id, userId: user.id, emoji: "👍" } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("pages messages by (createdAt, id) without gaps or repeats, even with equal timestamps", async () => {
    const author = await createUser();
    const conversation = await createGroup([author.id]);
    const base = new Date("2026-01-01T00:00:00.000Z");
    // Three messages share each timestamp, so the id tie-breaker matters.
    await db.message.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        conversationId: conversation.id,
        authorId: author.id,
        body: textBody(`m${i}`),
        plainText: `m${i}`,
        createdAt: new Date(base.getTime() + Math.floor(i / 3) * 1000),
      })),
    });
    const seen: string[] = [];
    let cursor: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await db.message.findMany({
        where: {
          conversationId: conversation.id,
          ...(cursor && {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }),
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 5,
        select: { id: true, createdAt: true },
      });
      if (rows.length === 0) break;
      seen.push(...rows.map((row) => row.id));
      const last = rows.at(-1);
      cursor = last && { createdAt: last.createdAt, id: last.id };
    }
    const expected = await db.message.findMany({
      where: { conversationId: conversation.id },
      select: { id: true, createdAt: true },
    });
    expected.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(expected.map((row) => row.id));
    expect(new Set(seen).size).toBe(12);
  });

  it("counts unread messages and mentions from the read marker", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const conversation = await createGroup([alice.id, bob.id]);
    const at = (s: number) => new Date(Date.UTC(2026, 0, 2, 0, 0, s));
    const messages = [];
    for (let i = 0; i < 5; i++) {
      messages.push(
        await db.message.create({
          data: {
            conversationId: conversation.id,
            authorId: alice.id,
            body: textBody(`${i}`),
            plainText: `${i}`,
            createdAt: at(i),
          },
        }),
      );
    }
    const [, read, , mentioned] = messages;
    if (!read || !mentioned) throw new Error("fixture messages missing");
    await db.mention.create({
      data: {
        messageId: mentioned.id,
        userId: bob.id,
        conversationId: conversation.id,
        createdAt: mentioned.createdAt,
      },
    });
    await db.membership.update({
      where: { conversationId_userId: { conversationId: conversation.id, userId: bob.id } },
      data: { lastReadMessageId: read.id, lastReadAt: read.createdAt },
    });
    const membership = await db.membership.findUniqueOrThrow({
      where: { conversationId_userId: { conversationId: conversation.id, userId: bob.id } },
    });
    const since = membership.lastReadAt ?? new Date(0);
    const unread = await db.message.count({
      where: { conversationId: conversation.id, createdAt: { gt: since }, authorId: { not: bob.id } },
    });
    const unreadMentions = await db.mention.count({
      where: { userId: bob.id, conversationId: conversation.id, createdAt: { gt: since } },
    });
    expect(unread).toBe(3);
    expect(unreadMentions).toBe(1);
  });

  it("keeps a deleted user's messages, authorless, and removes what only made sense with them", async () => {
    const [leaver, stayer] = [await createUser(), await createUser()];
    const conversation = await createGroup([leaver.id, stayer.id]);
    const message = await db.message.create({
      data: { conversationId: conversation.id, authorId: leaver.id, body: textBody("bye"), plainText: "bye" },
    });
    await db.reaction.create({ data: { messageId: message.id, userId: leaver.id, emoji: "👋" } });
    await db.reaction.create({ data: { messageId: message.id, userId: stayer.id, emoji: "👋" } });

    await db.user.delete({ where: { id: leaver.id } });

    const kept = await db.message.findUniqueOrThrow({
      where: { id: message.id },
      include: { reactions: true },
    });
    expect(kept.authorId).toBeNull();
    expect(kept.plainText).toBe("bye");
    expect(kept.reactions.map((r) => r.userId)).toEqual([stayer.id]);
    expect(await db.membership.count({ where: { conversationId: conversation.id } })).toBe(1);
    expect(await db.conversation.count({ where: { id: conversation.id } })).toBe(1);
  });

  it("deletes a conversation's members, messages and reactions with it", async () => {
    const user = await createUser();
    const conversation = await createGroup([user.id]);
    const message = await db.message.create({
      data: { conversationId: conversation.id, authorId: user.id, body: textBody("x"), plainText: "x" },
    });
    await db.reaction.create({ data: { messageId: message.id, userId: user.id, emoji: "❤️" } });
    await db.conversation.delete({ where: { id: conversation.id } });
    expect(await db.message.count({ where: { id: message.id } })).toBe(0);
    expect(await db.reaction.count({ where: { messageId: message.id } })).toBe(0);
    expect(await db.membership.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("keeps one direct conversation per pair and only direct ones have a key", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const directKey = [a.id, b.id].sort().join(":");
    await db.conversation.create({ data: { kind: "direct", directKey } });
    await expect(db.conversation.create({ data: { kind: "direct", directKey } })).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(db.conversation.create({ data: { kind: "direct" } })).rejects.toThrow(
      /Conversation_directKey_kind/,
    );
    await expect(db.conversation.create({ data: { kind: "group", directKey: "x:y" } })).rejects.toThrow(
      /Conversation_directKey_kind/,
    );
  });

  it("stores each friendship once, smaller id first", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const [small, large] = [a.id, b.id].sort() as [string, string];
    await db.friendship.create({ data: { userAId: small, userBId: large } });
    await expect(db.friendship.create({ data: { userAId: large, userBId: small } })).rejects.toThrow(
      /Friendship_ordered_pair/,
    );
    await expect(db.block.create({ data: { blockerId: a.id, blockedId: a.id } })).rejects.toThrow(
      /Block_not_self/,
    );
  });

  it("rolls back interactive transactions and hides their writes from concurrent queries", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signalInserted = () => {};
    const inserted = new Promise<void>((resolve) => {
      signalInserted = resolve;
    });
    const transaction = db.$transaction(async (tx) => {
      await tx.user.create({ data: { username: "tx_user", displayName: "Tx" } });
      signalInserted();
      await gate;
      throw new Error("abandon");
    });
    await inserted;
    // PostgreSQL answers at once from its snapshot; PGlite, one connection, queues it behind the
    // transaction. Either way the uncommitted row must never be seen.
    const concurrentCount = db.user.count({ where: { username: "tx_user" } });
    release();
    await expect(transaction).rejects.toThrow("abandon");
    expect(await concurrentCount).toBe(0);
    expect(await db.user.count({ where: { username: "tx_user" } })).toBe(0);
  });

  it("caps invite uses at maxUses", async () => {
    const user = await createUser();
    const conversation = await createGroup([user.id]);
    const invite = await db.invite.create({
      data: { code: `code-${counter}`, conversationId: conversation.id, maxUses: 1 },
    });
    await db.invite.update({ where: { id: invite.id }, data: { uses: { increment: 1 } } });
    await expect(
      db.invite.update({ where: { id: invite.id }, data: { uses: { increment: 1 } } }),
    ).rejects.toThrow(/Invite_uses_within_limit/);
  });
});
