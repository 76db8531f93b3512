import fs from "node:fs";
import path from "node:path";
import { type APIResponse, expect, test } from "@playwright/test";
import { signedUpPerson } from "./helpers/people";

// Every page answers with the strict headers, whoever asks: a nonce-based script-src without
// unsafe-inline/unsafe-eval, no plugins, no <base>, no framing, nosniff and a referrer policy.
// The nonce is fresh per response and every script the server writes carries it.

const APP_DIR = path.resolve(import.meta.dirname, "../../app");

/** Page routes as the app router sees them: app/(group)/c/[id]/page.tsx → /c/[id]. */
function pageRoutes(dir = APP_DIR, prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      routes.push(...pageRoutes(path.join(dir, entry.name), prefix + segment));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
      routes.push(prefix || "/");
    }
  }
  return routes.sort();
}

const SIGNED_OUT = new Set(["/sign-in", "/sign-up"]);
const REFERRER_POLICIES = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];

function checkHeaders(response: APIResponse, url: string): string {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  const directives = new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
  const scriptSrc = directives.get("script-src") ?? [];
  const nonce = scriptSrc.find((value) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(value));
  expect(nonce, `${url}: script-src has a nonce (${csp})`).toBeTruthy();
  expect(scriptSrc, `${url}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${url}: script-src`).not.toContain("'unsafe-eval'");
  expect(scriptSrc, `${url}: script-src`).not.toContain("*");
  expect(directives.get("object-src"), `${url}: object-src`).toEqual(["'none'"]);
  expect(directives.get("base-uri"), `${url}: base-uri`).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors"), `${url}: frame-ancestors`).toEqual(["'none'"]);
  expect(headers["x-content-type-options"], `${url}: nosniff`).toBe("nosniff");
  expect(REFERRER_POLICIES, `${url}: Referrer-Policy`).toContain(headers["referrer-policy"]);
  return (nonce as string).slice("'nonce-".length, -1);
}

/** Every <script> the server wrote carries this response's nonce. */
function expectScriptsCarry(html: string, nonce: string, url: string) {
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(scripts.length, `${url}: has scripts`).toBeGreaterThan(0);
  const without = scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`));
  expect(without, `${url}: scripts without this response's nonce`).toEqual([]);
}

test("every page route sends the strict security headers with a fresh nonce its scripts carry", async ({
  browser,
  playwright,
}) => {
  test.setTimeout(120_000);
  const routes = pageRoutes();
  const ana = await signedUpPerson(browser);
  const ben = await signedUpPerson(browser);
  try {
    const opened = await ana.request.post("/api/conversations", { data: { userId: ben.id } });
    const conversationId = (await opened.json()).id as string;
    const concrete: Record<string, string> = {
      "/c/[id]": `/c/${conversationId}`,
      "/u/[username]": `/u/${ben.account.username}`,
    };
    // A new dynamic route must be added here, or the test fails rather than skipping it.
    for (const route of routes) {
      if (route.includes("[")) expect(concrete[route], `an example URL for ${route}`).toBeTruthy();
    }
    const urls = [...routes.map((route) => concrete[route] ?? route), "/no-such-page"];

    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    const nonces: string[] = [];
    for (const url of urls) {
      const client = SIGNED_OUT.has(url) ? anonymous : ana.request;
      for (let round = 0; round < 2; round++) {
        const response = await client.get(url, { maxRedirects: 0 });
        expect(response.status(), url).toBe(url === "/no-such-page" ? 404 : 200);
        const nonce = checkHeaders(response, url);
        expectScriptsCarry(await response.text(), nonce, url);
        nonces.push(nonce);
      }
    }
    // A signed-out visit to an app page is redirected; the page it lands on is covered above.
    const redirected = await anonymous.get("/settings", { maxRedirects: 0 });
    expect(redirected.status()).toBeGreaterThanOrEqual(300);
    expect(redirected.status()).toBeLessThan(400);
    expect(redirected.headers()["x-content-type-options"]).toBe("nosniff");
    await anonymous.dispose();
    expect(new Set(nonces).size, "a nonce is never reused").toBe(nonces.length);

    // In the browser, each page runs under its policy without a single violation.
    for (const url of urls.filter((u) => !SIGNED_OUT.has(u))) {
      await ana.page.goto(url);
      await ana.page.waitForLoadState("networkidle");
    }
    await ana.trap.expectClean();
  } finally {
    await Promise.all([ana.context.close(), ben.context.close()]);
  }
});

test("every answer carries a policy, COOP and a Permissions-Policy; HSTS only over https", async ({
  playwright,
  request,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const signIn = await anonymous.get("/sign-in");
    const asset = (await signIn.text()).match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset, "a script of the sign-in page").toBeTruthy();
    const answers: [string, APIResponse][] = [
      ["page", signIn],
      ["prefetch", await anonymous.get("/sign-in", { headers: { "next-router-prefetch": "1", rsc: "1" } })],
      ["RSC request", await anonymous.get("/sign-in?_rsc=x", { headers: { rsc: "1" } })],
      ["redirect", await anonymous.get("/settings", { maxRedirects: 0 })],
      ["API answer", await anonymous.get("/api/health")],
      ["API refusal", await anonymous.post("/api/conversations", { data: {} })],
      ["API 404", await anonymous.get("/api/no-such-route")],
      ["static asset", await anonymous.get(asset as string)],
      ["missing asset", await anonymous.get("/_next/static/no-such-file.js")],
      ["unknown page", await anonymous.get("/no-such-page")],
    ];
    for (const [name, response] of answers) {
      const headers = response.headers();
      const csp = headers["content-security-policy"] ?? "";
      expect(csp, `${name}: CSP`).toContain("frame-ancestors 'none'");
      expect(csp, `${name}: CSP`).toMatch(/(^|; )(default-src 'none'|script-src 'self' 'nonce-)/);
      expect(csp, `${name}: CSP`).not.toContain("'unsafe-eval'");
      expect(headers["cross-origin-opener-policy"], `${name}: COOP`).toBe("same-origin");
      const permissions = headers["permissions-policy"] ?? "";
      // No page may use the camera or microphone until calls need them.
      expect(permissions, `${name}: Permissions-Policy`).toContain("camera=()");
      expect(permissions, `${name}: Permissions-Policy`).toContain("microphone=()");
      expect(headers["strict-transport-security"], `${name}: no HSTS over http`).toBeUndefined();
    }
    // Behind a TLS proxy (which says so in X-Forwarded-Proto), browsers are told to stay on https.
    for (const path of ["/sign-in", "/api/health"]) {
      const overHttps = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
      expect(overHttps.headers()["strict-transport-security"], path).toMatch(/^max-age=\d{7,}/);
    }
  } finally {
    await anonymous.dispose();
  }
});
