import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { avatarKeyFromUrl } from "@/lib/accounts/avatar-schemas";
import type { AccountSummary } from "@/lib/accounts/types";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createLocalStorage } from "@/lib/files/local-storage";
import type { FileStorage } from "@/lib/files/storage";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { createGroup, findOrCreateDirectConversation } from "./conversations";
import { setGroupIcon } from "./group-icon";

let database: TestDatabase;
let realtime: TestRealtime;
let root: string;
let storage: FileStorage;
let owner: AccountSummary;
let admin: AccountSummary;
let member: AccountSummary;
let outsider: AccountSummary;
let groupId: string;

/** A 300×200 PNG: the icon keeps its centred 200×200 square. */
async function sampleImage(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 300, height: 200, channels: 3, background: "#3366ff" } })
      .png()
      .toBuffer(),
  );
}

const iconOf = async (id: string) =>
  (await getDb().conversation.findUniqueOrThrow({ where: { id }, select: { icon: true } })).icon;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  root = await fs.mkdtemp(path.join(os.tmpdir(), "parley-group-icon-"));
  storage = createLocalStorage(root);
  [owner, admin, member, outsider] = [
    await createPerson("Olga"),
    await createPerson("Adam"),
    await createPerson("Mia"),
    await createPerson("Otto"),
  ];
  groupId = (await createGroup({ actor: owner, name: "Icons", memberIds: [admin.id, member.id] })).id;
  await getDb().membership.updateMany({
    where: { conversationId: groupId, userId: admin.id },
    data: { role: "admin" },
  });
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
  await fs.rm(root, { recursive: true, force: true });
});

describe("setGroupIcon", () => {
  it("stores a square WebP for the owner and replaces the previous file for an admin", async () => {
    const first = await setGroupIcon({
      storage,
      actor: owner,
      conversationId: groupId,
      bytes: await sampleImage(),
    });
    expect(first.icon).toMatch(/^\/api\/files\/avatars\/[A-Za-z0-9_-]+\.webp$/);
    expect(await iconOf(groupId)).toBe(first.icon);
    const firstKey = avatarKeyFromUrl(first.icon) as string;
    const stored = await storage.get(firstKey);
    const metadata = await sharp(Buffer.from(stored?.bytes ?? [])).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });

    const second = await setGroupIcon({
      storage,
      actor: admin,
      conversationId: groupId,
      bytes: await sampleImage(),
    });
    expect(await iconOf(groupId)).toBe(second.icon);
    expect(await storage.get(firstKey)).toBeNull();
  });

  it("refuses members without the role (403) and people outside the group (404), changing nothing", async () => {
    const before = await iconOf(groupId);
    const asMember = await refusal(
      setGroupIcon({ storage, actor: member, conversationId: groupId, bytes: await sampleImage() }),
    );
    expect(asMember.code).toBe("forbidden:group_settings");
    const asOutsider = await refusal(
      setGroupIcon({ storage, actor: outsider, conversationId: groupId, bytes: await sampleImage() }),
    );
    expect(asOutsider.code).toBe("not_found:conversation");
    expect(await iconOf(groupId)).toBe(before);
  });

  it("refuses files that are not images, and direct conversations", async () => {
    const notImage = await refusal(
      setGroupIcon({
        storage,
        actor: owner,
        conversationId: groupId,
        bytes: new TextEncoder().encode("<svg/>"),
      }),
    );
    expect(notImage.kind).toBe("invalid");
    const direct = await findOrCreateDirectConversation({ actor: owner, otherUserId: member.id });
    const inDirect = await refusal(
      setGroupIcon({ storage, actor: owner, conversationId: direct.id, bytes: await sampleImage() }),
    );
    expect(inDirect.code).toBe("forbidden:group_settings");
  });

  it("removes the icon and its file", async () => {
    const key = avatarKeyFromUrl(await iconOf(groupId)) as string;
    expect(await setGroupIcon({ storage, actor: owner, conversationId: groupId, bytes: null })).toEqual({
      icon: null,
    });
    expect(await iconOf(groupId)).toBeNull();
    expect(await storage.get(key)).toBeNull();
  });
});
