import { expect, test } from "./fixtures";
import { SMOKE } from "./helpers/tags";
import { composer, expectSent } from "./pages/composer";
import { article, openActions } from "./pages/conversation";
import { openDirect } from "./pages/direct";

test("formatting from the toolbar and markdown, code blocks, links and lists reach the other side", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Hello");
  const editor = composer(ana);
  const toolbar = ana.getByRole("toolbar", { name: "Formatting" });

  // Bold from the toolbar (the toggle shows it is on), then **markdown**.
  await editor.click();
  const bold = toolbar.getByRole("button", { name: "Bold" });
  await bold.click();
  await expect(bold).toHaveAttribute("aria-pressed", "true");
  await editor.pressSequentially("loud");
  await bold.click();
  await expect(bold).toHaveAttribute("aria-pressed", "false");
  await editor.pressSequentially(" and **strong** words");
  await expect(editor.locator("strong")).toHaveText(["loud", "strong"]);
  await editor.press("Enter");
  await expectSent(ana, "loud and strong words");
  await expect(article(ben, "loud and strong words").locator("strong")).toHaveText(["loud", "strong"]);

  // ``` then Enter opens a code block; Enter inside it is a new line, Mod+Enter sends.
  await editor.pressSequentially("```");
  await editor.press("Enter");
  await editor.pressSequentially("const a = 1;");
  await editor.press("Enter");
  await editor.pressSequentially("const b = 2;");
  await expect(editor.locator("pre code")).toHaveText("const a = 1;\nconst b = 2;");
  await expect(article(ana, "const a = 1;")).toHaveCount(0);
  await editor.press("ControlOrMeta+Enter");
  await expectSent(ana, "const b = 2;");
  await expect(article(ben, "const b = 2;").locator("pre code")).toContainText("const a = 1;\nconst b = 2;");

  // A typed URL becomes a link.
  await editor.pressSequentially("docs at https://example.com/docs and more");
  await expect(editor.locator('a[href="https://example.com/docs"]')).toHaveText("https://example.com/docs");
  await editor.press("Enter");
  await expectSent(ana, "docs at https://example.com/docs");
  const link = article(ben, "docs at").getByRole("link", { name: "https://example.com/docs" });
  await expect(link).toHaveAttribute("href", "https://example.com/docs");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", /noopener/);
  await expect(link).toHaveAttribute("rel", /noreferrer/);
  await expect(link).toHaveAttribute("rel", /nofollow/);

  // "- " starts a list; Shift+Enter adds an item; Enter sends.
  await editor.pressSequentially("- first item");
  await editor.press("Shift+Enter");
  await editor.pressSequentially("second item");
  await expect(editor.locator("ul > li")).toHaveText(["first item", "second item"]);
  await editor.press("Enter");
  await expectSent(ana, "second item");
  await expect(article(ben, "second item").locator("ul > li")).toHaveText(["first item", "second item"]);
  await expect(editor.locator("ul")).toHaveCount(0);
});

test(
  "emoji from the picker and from :shortcode:, mentions with the unread mention badge, editing",
  SMOKE,
  async ({ twoPeople }) => {
    test.setTimeout(90_000);
    const { ana, ben, benAccount } = twoPeople;
    await openDirect(ana, ben, benAccount, "Hello");
    const editor = composer(ana);

    // The picker inserts at the caret.
    await editor.pressSequentially("Picked ");
    await ana.getByRole("button", { name: "Emoji" }).click();
    await ana.getByRole("searchbox").fill("smile");
    await ana.getByRole("button", { name: "😄" }).first().click();
    await expect(editor).toHaveText("Picked 😄");

    // ":sm" lists emoji; Enter inserts the highlighted one.
    await editor.pressSequentially(" and :smile");
    const emojiList = ana.getByRole("listbox", { name: "Emoji suggestions" });
    await expect(emojiList).toBeVisible();
    const first = emojiList.getByRole("option").first();
    await expect(first).toHaveAttribute("aria-selected", "true");
    const shown = (await first.locator("span").first().textContent())?.trim() ?? "";
    expect(shown).not.toBe("");
    await editor.press("Enter");
    await expect(emojiList).toHaveCount(0);
    await expect(editor).toHaveText(`Picked 😄 and ${shown}`);
    await editor.press("Enter");
    await expectSent(ana, `Picked 😄 and ${shown}`);

    // Ben is elsewhere when Ana mentions him: his sidebar counts the mention.
    await ben.goto("/");
    await editor.pressSequentially(`Ping @${benAccount.username.slice(0, 5)}`);
    const people = ana.getByRole("listbox", { name: "Mention suggestions" });
    await expect(people.getByRole("option", { name: new RegExp(benAccount.displayName) })).toBeVisible();
    await editor.press("Enter");
    await expect(people).toHaveCount(0);
    await expect(editor.locator(".mention")).toHaveText(`@${benAccount.displayName}`);
    await editor.pressSequentially("please look");
    await editor.press("Enter");
    await expectSent(ana, "please look");
    const row = ben.getByRole("list", { name: "Conversations" }).getByRole("link").first();
    await expect(row.getByText("1 mention", { exact: true })).toBeVisible();

    // Editing uses the same editor: markdown works there too.
    await openActions(ana, article(ana, "please look"));
    await ana.getByRole("menuitem", { name: "Edit" }).click();
    const edit = ana.getByRole("textbox", { name: "Edit message" });
    await expect(edit).toBeFocused();
    await expect(edit.locator(".mention")).toHaveText(`@${benAccount.displayName}`);
    await edit.press("End");
    await edit.pressSequentially(" **now**");
    await edit.press("Enter");
    await expect(edit).toHaveCount(0);
    await expect(article(ana, "please look now")).toContainText("(edited)");
    await expect(article(ana, "please look now").locator("strong")).toHaveText("now");
  },
);

test("the composer and its toolbar fit a phone @mobile", async ({ twoPeople }) => {
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Hello");
  const toolbar = ana.getByRole("toolbar", { name: "Formatting" });
  await expect(toolbar).toBeVisible();
  const box = await toolbar.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(375);
  for (const name of ["Bold", "Italic", "Link", "Emoji", "Quote"]) {
    await expect(toolbar.getByRole("button", { name })).toBeInViewport();
  }
  const editor = composer(ana);
  await editor.click();
  await toolbar.getByRole("button", { name: "Italic" }).click();
  await editor.pressSequentially("slanted");
  await expect(editor.locator("em")).toHaveText("slanted");
  await ana.getByRole("button", { name: "Send" }).click();
  await expectSent(ana, "slanted");
  await expect(editor).toHaveText("");
});
