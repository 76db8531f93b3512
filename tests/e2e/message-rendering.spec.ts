import { expect, test } from "./fixtures";
import { createDirectConversation, postMessage, sessionUserId } from "./helpers/api";
import { send } from "./pages/composer";
import { article } from "./pages/conversation";

// A stored rich-text document, sent through the API as the editor would, renders as elements on
// the other side: marks, highlighted code, lists, quotes, safe links, and mentions by current name.

const text = (value: string, marks?: unknown[]) => ({
  type: "text",
  text: value,
  ...(marks ? { marks } : {}),
});
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const item = (value: string) => ({ type: "listItem", content: [paragraph(text(value))] });

test("a formatted document renders as elements, with mentions by display name", async ({ twoPeople }) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  const benId = await sessionUserId(ben.request);
  const id = await createDirectConversation(ana.request, benId);
  await Promise.all([ana.goto(`/c/${id}`), ben.goto(`/c/${id}`)]);
  await expect(ben.getByText("No messages yet. Say hello!")).toBeVisible();

  const doc = {
    type: "doc",
    content: [
      paragraph(
        text("Heads up", [{ type: "bold" }]),
        text(", "),
        text("see the docs", [{ type: "link", attrs: { href: "https://example.com/docs" } }]),
        text(" "),
        { type: "mention", attrs: { id: benId, label: null } },
      ),
      {
        type: "codeBlock",
        attrs: { language: "typescript" },
        content: [text("const answer: number = 42;")],
      },
      { type: "bulletList", content: [item("milk"), item("eggs")] },
      { type: "orderedList", attrs: { start: 3 }, content: [item("third"), item("fourth")] },
      { type: "blockquote", content: [paragraph(text("quoted "), text("softly", [{ type: "italic" }]))] },
    ],
  };
  const sent = await postMessage(ana.request, id, doc);
  expect(sent.status()).toBe(201);

  // Ben receives it live.
  const message = article(ben, "Heads up");
  await expect(message.locator("strong")).toHaveText("Heads up");
  await expect(message.locator("pre > code.language-typescript .hljs-keyword").first()).toHaveText("const");
  await expect(message.locator("pre > code")).toHaveText("const answer: number = 42;");
  await expect(message.locator("ul > li")).toHaveText(["milk", "eggs"]);
  await expect(message.locator("ol")).toHaveAttribute("start", "3");
  await expect(message.locator("ol > li")).toHaveText(["third", "fourth"]);
  await expect(message.locator("blockquote em")).toHaveText("softly");
  const link = message.getByRole("link", { name: "see the docs" });
  await expect(link).toHaveAttribute("href", "https://example.com/docs");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");

  // The mention shows Ben's display name, stands out for Ben, and opens his profile card.
  const mention = message.getByRole("button", { name: `@${benAccount.displayName}`, exact: true });
  await expect(mention).toHaveText(`@${benAccount.displayName}`);
  await expect(mention).toHaveClass(/bg-accent/);
  const anasMention = article(ana, "Heads up").getByRole("button", { name: `@${benAccount.displayName}` });
  await expect(anasMention).not.toHaveClass(/bg-accent/);
  await mention.click();
  const card = ben.getByRole("dialog", { name: `Profile card of ${benAccount.displayName}` });
  await expect(card).toContainText(`@${benAccount.username}`);
  await ben.keyboard.press("Escape");

  // A message of one to three emoji shows large; with words it stays text-sized.
  await send(ana, "🎉🎉", { waitUntilSent: false });
  await send(ana, "🎉 done", { waitUntilSent: false });
  await expect(article(ben, "🎉🎉").getByText("🎉🎉")).toHaveCSS("font-size", "36px");
  await expect(article(ben, "🎉 done").getByText("🎉 done")).toHaveCSS("font-size", "14px");
});
