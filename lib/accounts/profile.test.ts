import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/field-errors";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { refusal } from "@/tests/support/refusal";
import { accentStyleSheet } from "./appearance";
import { getProfile, updateProfile, updateTheme } from "./profile";
import { getPublicProfile } from "./public-profile";
import { profileSchema } from "./schemas";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

let counter = 0;
async function newUser() {
  counter += 1;
  return database.db.user.create({
    data: { username: `profile_user_${counter}`, displayName: `Profile ${counter}` },
    select: { id: true, username: true },
  });
}

const base = { displayName: "Grace", bio: "" };

describe("profileSchema", () => {
  it.each([
    ["displayName", { displayName: "x".repeat(65) }, "at most 64"],
    ["bio", { bio: "x".repeat(191) }, "at most 190"],
    ["statusText", { statusText: "x".repeat(81) }, "at most 80"],
    ["statusEmoji", { statusEmoji: "hi" }, "single emoji"],
    ["statusEmoji", { statusEmoji: "🎉🎉" }, "single emoji"],
    ["theme", { theme: "neon" }, "light, dark or system"],
    ["accentColor", { accentColor: "#123456" }, "accent colours"],
    ["accentColor", { accentColor: "red;}body{display:none" }, "accent colours"],
    ["statusClearAfter", { statusClearAfter: "forever" }, "when to clear"],
  ])("refuses an invalid %s with a message for that field", (field, values, message) => {
    const parsed = profileSchema.safeParse({ ...base, ...values });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(fieldErrors(parsed.error)[field]).toMatch(new RegExp(message, "i"));
  });

  it("accepts one emoji, including multi-codepoint ones", () => {
    for (const emoji of ["🎉", "👩🏽‍💻", "🇳🇿", "❤️"]) {
      expect(profileSchema.safeParse({ ...base, statusEmoji: emoji }).success).toBe(true);
    }
  });
});

describe("updateProfile", () => {
  it("stores HTML and script as plain text, exactly as typed", async () => {
    const user = await newUser();
    const displayName = '<img src=x onerror="window.__xss=1">';
    const bio = "<script>alert('bio')</script> & friends";
    await updateProfile({ db: database.db, actor: user, input: profileSchema.parse({ displayName, bio }) });
    expect(await getProfile({ db: database.db, actor: user })).toMatchObject({ displayName, bio });
  });

  it("sets a status that expires, theme and accent, and shows the status until it expires", async () => {
    const user = await newUser();
    const now = new Date("2026-03-04T10:00:00Z");
    const input = profileSchema.parse({
      ...base,
      statusEmoji: "🌴",
      statusText: "On holiday",
      statusClearAfter: "4h",
      theme: "dark",
      accentColor: "#0f766e",
    });
    const saved = await updateProfile({ db: database.db, actor: user, input, now });
    expect(saved).toMatchObject({
      statusEmoji: "🌴",
      statusText: "On holiday",
      statusExpiresAt: new Date("2026-03-04T14:00:00Z"),
      theme: "dark",
      accentColor: "#0f766e",
    });
    const read = (at: Date) => getPublicProfile({ db: database.db, userId: user.id, now: at });
    expect((await read(new Date("2026-03-04T13:59:00Z"))).status).toEqual({
      emoji: "🌴",
      text: "On holiday",
    });
    expect((await read(new Date("2026-03-04T14:00:00Z"))).status).toBeNull();

    // A form without the appearance fields keeps them; clearing the status clears its expiry.
    const cleared = await updateProfile({
      db: database.db,
      actor: user,
      input: profileSchema.parse({ ...base, statusEmoji: "", statusText: "" }),
    });
    expect(cleared).toMatchObject({
      statusEmoji: null,
      statusText: null,
      statusExpiresAt: null,
      theme: "dark",
    });
  });

  it("only ever changes the actor's own row, and refuses a deleted account", async () => {
    const owner = await newUser();
    const other = await newUser();
    await updateProfile({
      db: database.db,
      actor: owner,
      input: profileSchema.parse({ ...base, displayName: "Mine" }),
    });
    expect((await getProfile({ db: database.db, actor: other })).displayName).not.toBe("Mine");

    await database.db.user.update({ where: { id: owner.id }, data: { deletedAt: new Date() } });
    const error = await refusal(
      updateProfile({ db: database.db, actor: owner, input: profileSchema.parse(base) }),
    );
    expect(error.code).toBe("not_found:account");
  });
});

describe("updateTheme", () => {
  it("changes only the theme of the actor's own live account", async () => {
    const user = await newUser();
    const other = await newUser();
    await updateTheme({ db: database.db, actor: user, theme: "light" });
    expect(await getProfile({ db: database.db, actor: user })).toMatchObject({
      theme: "light",
      displayName: `Profile ${counter - 1}`,
    });
    expect((await getProfile({ db: database.db, actor: other })).theme).toBe("system");
    await database.db.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
    expect((await refusal(updateTheme({ db: database.db, actor: user, theme: "dark" }))).code).toBe(
      "not_found:account",
    );
  });
});

describe("getPublicProfile", () => {
  it("finds a person by id or any-case username without private fields, and hides deleted accounts", async () => {
    const user = await newUser();
    const byId = await getPublicProfile({ db: database.db, userId: user.id });
    expect(Object.keys(byId).sort()).toEqual(["avatar", "bio", "displayName", "id", "status", "username"]);
    expect(await getPublicProfile({ db: database.db, username: user.username.toUpperCase() })).toEqual(byId);

    await database.db.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
    expect((await refusal(getPublicProfile({ db: database.db, userId: user.id }))).code).toBe(
      "not_found:user",
    );
    expect((await refusal(getPublicProfile({ db: database.db, userId: "nobody" }))).status).toBe(404);
  });
});

describe("accentStyleSheet", () => {
  it("overrides --primary for a palette colour only", () => {
    expect(accentStyleSheet("#7c3aed")).toContain("--primary:#7c3aed");
    expect(accentStyleSheet("#7c3aed")).toContain("html.dark{--primary:#a78bfa");
    expect(accentStyleSheet("#4f46e5")).toBeNull();
    expect(accentStyleSheet("red}body{display:none")).toBeNull();
    expect(accentStyleSheet(null)).toBeNull();
  });
});
