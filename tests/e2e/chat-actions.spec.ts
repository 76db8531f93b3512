import { expect, test } from "./fixtures";
import { composer, send } from "./pages/composer";
import { article, messages, openActions } from "./pages/conversation";
import { confirmation } from "./pages/dialogs";
import { openDirect } from "./pages/direct";

test("edit, delete and reply: each shows live on the other side", async ({ twoPeople }) => {
  // About sixty steps across two people: 30 s on a quiet machine, several times that on a busy one.
  test.setTimeout(180_000);
  const { ana, ben, anaAccount, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "First draft");
  await expect(messages(ana).getByRole("separator", { name: "Today" })).toBeVisible();

  // With a pointer, the actions button stays out of the way until the message is hovered.
  const actionsButton = article(ana, "First draft").getByRole("button", { name: "Message actions" });
  await ana.mouse.move(0, 0);
  await expect(actionsButton).toHaveCSS("opacity", "0");
  await article(ana, "First draft").hover();
  await expect(actionsButton).toHaveCSS("opacity", "1");

  // Escape leaves the text as it was.
  await openActions(ana, article(ana, "First draft"));
  await ana.getByRole("menuitem", { name: "Edit" }).click();
  const editor = ana.getByRole("textbox", { name: "Edit message" });
  await expect(editor).toBeFocused();
  // The editor opens with the message's text; typing before it has it would add to it.
  await expect(editor).toHaveText("First draft");
  await editor.fill("Never saved");
  await editor.press("Escape");
  await expect(editor).toHaveCount(0);
  await expect(article(ana, "First draft")).not.toContainText("(edited)");

  // Enter saves; Ben sees the new text and the mark without reloading.
  await openActions(ana, article(ana, "First draft"));
  await ana.getByRole("menuitem", { name: "Edit" }).click();
  await expect(editor).toHaveText("First draft");
  await editor.fill("Final plan: Friday");
  await editor.press("Enter");
  await expect(article(ana, "Final plan: Friday")).toContainText("(edited)");
  await expect(article(ben, "Final plan: Friday")).toContainText("(edited)");
  await expect(article(ben, "First draft")).toHaveCount(0);

  // Delete asks first; Cancel keeps the message, Delete leaves a placeholder for both.
  await send(ana, "Oops, wrong chat");
  await expect(article(ben, "Oops, wrong chat")).toBeVisible();
  await openActions(ana, article(ana, "Oops, wrong chat"));
  await ana.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = confirmation(ana, "Delete message?");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(article(ana, "Oops, wrong chat")).toBeVisible();
  await openActions(ana, article(ana, "Oops, wrong chat"));
  await ana.getByRole("menuitem", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(article(ana, "Oops, wrong chat")).toHaveCount(0);
  await expect(article(ana, "Message deleted")).toBeVisible();
  await expect(article(ben, "Oops, wrong chat")).toHaveCount(0);
  await expect(article(ben, "Message deleted")).toBeVisible();
  // A deleted message offers no actions at all.
  await expect(article(ana, "Message deleted").getByRole("button", { name: "Message actions" })).toHaveCount(
    0,
  );

  // Ben may reply to Ana's message but not edit or delete it.
  await openActions(ben, article(ben, "Final plan: Friday"));
  await expect(ben.getByRole("menuitem", { name: "Reply" })).toBeVisible();
  await expect(ben.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
  await expect(ben.getByRole("menuitem", { name: "Delete" })).toHaveCount(0);
  await ben.getByRole("menuitem", { name: "Reply" }).click();
  const replyBar = ben.getByRole("region", { name: `Replying to ${anaAccount.displayName}` });
  await expect(replyBar).toContainText("Final plan: Friday");
  await expect(composer(ben)).toBeFocused();
  // Enough in between that the original scrolls out of Ana's view.
  for (let i = 1; i <= 12; i++) await send(ana, `Filler ${i}\nsecond line\nthird line`);
  await expect(article(ben, "Filler 12")).toBeVisible();
  await send(ben, "Friday works");
  await expect(replyBar).toHaveCount(0);

  // Ana sees the quote; choosing it brings the original into view, highlighted.
  const reply = article(ana, "Friday works");
  const quote = reply.getByRole("button", { name: /^Jump to original/ });
  await expect(quote).toContainText(anaAccount.displayName);
  await expect(quote).toContainText("Final plan: Friday");
  const original = article(ana, "Final plan: Friday").filter({
    hasNot: ana.getByRole("button", { name: /^Jump/ }),
  });
  await expect(original).not.toBeInViewport();
  await quote.click();
  await expect(original).toHaveAttribute("data-highlighted", "true");
  await expect(original).toBeInViewport();

  // Once the original is deleted, the quote says so at once on both sides, and its text is gone.
  await openActions(ana, original);
  await ana.getByRole("menuitem", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(article(ana, "Message deleted")).toHaveCount(2);
  const bensQuote = article(ben, "Friday works").getByRole("button", { name: /^Jump to original/ });
  await expect(bensQuote).toContainText("Original message deleted");
  await expect(bensQuote).not.toContainText("Final plan");
  // Ana jumped up to the original; back at the newest message (End, by keyboard), hers says so too.
  const anasList = messages(ana).getByTestId("virtuoso-scroller");
  await anasList.focus();
  await anasList.press("End");
  await expect(quote).toContainText("Original message deleted");
  // And so it stays when the page is loaded afresh.
  await ben.reload();
  await expect(messages(ben)).toBeVisible();
  const bensList = messages(ben).getByTestId("virtuoso-scroller");
  await bensList.focus();
  await bensList.press("End");
  await expect(bensQuote).toContainText("Original message deleted");
});

test("on a phone: actions without hover, only own messages editable, Escape drops a reply @mobile", async ({
  twoPeople,
}) => {
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "First draft");
  // No hover on a phone: the actions button is on screen without it.
  await expect(article(ben, "First draft").getByRole("button", { name: "Message actions" })).toHaveCSS(
    "opacity",
    "1",
  );
  await expect(article(ana, "First draft").getByRole("button", { name: "Message actions" })).toHaveCSS(
    "opacity",
    "1",
  );
  await openActions(ben, article(ben, "First draft"));
  await expect(ben.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
  await ben.getByRole("menuitem", { name: "Reply" }).click();
  await expect(ben.getByRole("region", { name: /^Replying to/ })).toBeVisible();
  await composer(ben).press("Escape");
  await expect(ben.getByRole("region", { name: /^Replying to/ })).toHaveCount(0);
});
