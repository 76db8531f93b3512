import { expect, type Page, test } from "@playwright/test";
import { signUp } from "./helpers/accounts";
import { sessionUserId } from "./helpers/api";
import { signUpTwoPeople } from "./helpers/people";
import { SMOKE } from "./helpers/tags";

async function openDevices(page: Page) {
  await page.goto("/settings/devices");
  await expect(page.getByTestId("realtime-state")).toHaveText("Connected");
  await expect(page.getByText("· listening")).toBeVisible();
}

test("two tabs of the same person exchange a live event through /api/realtime/auth", async ({ context }) => {
  const first = await context.newPage();
  await signUp(first);
  const second = await context.newPage();
  const authCalls: string[] = [];
  second.on("response", (res) => {
    if (res.url().endsWith("/api/realtime/auth"))
      authCalls.push(`${res.status()} ${res.request().postData()}`);
  });
  await Promise.all([openDevices(first), openDevices(second)]);
  // The subscription was signed by the app's channel-authorisation route.
  expect(authCalls).toEqual([expect.stringMatching(/^200 .*channel_name=private-user-/)]);

  await first.getByRole("button", { name: "Ping my other devices" }).click();
  await expect(first.getByText("Ping sent to your other devices.")).toBeVisible();
  const received = second.getByRole("list", { name: "Pings received" }).getByRole("listitem");
  await expect(received).toHaveCount(1);
  await expect(received.first()).toContainText("Ping received from another device");
  // The sending tab's own socket is excluded from the broadcast.
  await expect(first.getByRole("list", { name: "Pings received" }).getByRole("listitem")).toHaveCount(0);

  // And the other way round, after a reload re-authorises the subscription.
  await first.reload();
  await openDevices(first);
  await second.getByRole("button", { name: "Ping my other devices" }).click();
  await expect(first.getByRole("list", { name: "Pings received" }).getByRole("listitem")).toHaveCount(1);
  await expect(second.getByRole("list", { name: "Pings received" }).getByRole("listitem")).toHaveCount(1);
});

test(
  "channel authorisation: anonymous refused, own user channel signed, others' refused",
  SMOKE,
  async ({ browser, playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    const form = { socket_id: "123.456", channel_name: "private-user-someone" };
    const anonymousResponse = await anonymous.post("/api/realtime/auth", { form });
    expect(anonymousResponse.status()).toBe(401);
    expect((await anonymous.post("/api/realtime/user-auth", { form: { socket_id: "1.2" } })).status()).toBe(
      401,
    );
    await anonymous.dispose();

    const { ana, ben, close } = await signUpTwoPeople(browser);
    try {
      const anaId = await sessionUserId(ana.request);
      const benId = await sessionUserId(ben.request);

      const own = await ana.request.post("/api/realtime/auth", {
        form: { socket_id: "123.456", channel_name: `private-user-${anaId}` },
      });
      expect(own.status()).toBe(200);
      const { auth } = await own.json();
      const [key, signature] = String(auth).split(":");
      expect(key).toBeTruthy();
      expect(signature).toMatch(/^[0-9a-f]{64}$/);

      for (const channel_name of [
        `private-user-${benId}`,
        "private-conversation-anything",
        "presence-conversation-anything",
        "public-channel",
      ]) {
        const refused = await ana.request.post("/api/realtime/auth", {
          form: { socket_id: "123.456", channel_name },
        });
        expect(refused.status(), channel_name).toBe(403);
      }
      const malformed = await ana.request.post("/api/realtime/auth", {
        form: { socket_id: "not-a-socket", channel_name: `private-user-${anaId}` },
      });
      expect(malformed.status()).toBe(400);

      const signin = await ana.request.post("/api/realtime/user-auth", { form: { socket_id: "123.456" } });
      expect(signin.status()).toBe(200);
      const body = await signin.json();
      expect(JSON.parse(body.user_data)).toMatchObject({ id: anaId });
      expect(String(body.auth).split(":")[1]).toMatch(/^[0-9a-f]{64}$/);
      // The signature is bound to the socket: another socket id gets another signature.
      const other = await ana.request.post("/api/realtime/user-auth", { form: { socket_id: "123.457" } });
      expect((await other.json()).auth).not.toBe(body.auth);
    } finally {
      await close();
    }
  },
);
