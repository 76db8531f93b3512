import { randomBytes } from "node:crypto";

// People for the delivery benchmark, made the way a visitor makes them: the sign-up page's form
// posted over HTTP exactly as a browser without JavaScript posts it (React renders the server
// action's id and bound state as hidden fields for that case). The action creates the account
// and signs it in through Auth.js, so the session cookie is the one a browser would hold.

export interface BenchUser {
  index: number;
  id: string;
  username: string;
  /** `Cookie` header value carrying the Auth.js session. */
  cookie: string;
}

const SESSION_COOKIE = "authjs.session-token";

function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The hidden `$ACTION_…` inputs React puts in a server-rendered form bound to a server action. */
function actionFields(html: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const tag of html.match(/<input[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name?.startsWith("$ACTION_")) continue;
    fields.push([decodeHtml(name), decodeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? "")]);
  }
  return fields;
}

/**
 * Signs one person up. Each gets an address of its own in `x-forwarded-for`: the sign-up limits
 * allow 20 accounts per address per hour, and the benchmark stands for 50 separate people.
 */
export async function signUp(baseUrl: string, index: number): Promise<BenchUser> {
  const id = randomBytes(4).toString("hex");
  const username = `bench${index}_${id}`;
  const headers = { "x-forwarded-for": `198.18.${Math.floor(index / 250)}.${(index % 250) + 1}` };
  const page = await fetch(`${baseUrl}/sign-up`, { headers });
  if (!page.ok) throw new Error(`GET /sign-up answered ${page.status}`);
  const hidden = actionFields(await page.text());
  if (hidden.length === 0) throw new Error("The sign-up page has no server-action form fields");

  const form = new FormData();
  for (const [name, value] of hidden) form.append(name, value);
  form.append("email", `${username}@example.test`);
  form.append("username", username);
  form.append("displayName", `Bench ${index}`);
  form.append("password", `plum harbour lantern ${id} ${index}`);
  const response = await fetch(`${baseUrl}/sign-up`, {
    method: "POST",
    body: form,
    headers,
    redirect: "manual",
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";", 1)[0] ?? "")
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (!session) {
    const text = await response.text();
    throw new Error(`Sign-up of ${username} set no session (HTTP ${response.status}): ${text.slice(0, 300)}`);
  }
  const me = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: session } });
  const body = (await me.json()) as { user?: { id?: string } };
  if (!body.user?.id) throw new Error(`The session of ${username} does not resolve to a user`);
  return { index, id: body.user.id, username, cookie: session };
}

/** Signs up `count` people, a few at a time (each sign-up hashes a password with Argon2). */
export async function signUpMany(baseUrl: string, count: number, concurrency = 4): Promise<BenchUser[]> {
  const users: BenchUser[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      users[index] = await signUp(baseUrl, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return users;
}

export interface BenchConversation {
  id: string;
  memberIndexes: number[];
}

async function postJson(baseUrl: string, path: string, cookie: string, data: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(data),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/**
 * Conversations through the real API. `groupSize` 2 pairs everyone into direct conversations
 * (user 2k with 2k+1); larger sizes make groups of consecutive users, created by their first member.
 */
export async function createConversations(
  baseUrl: string,
  users: BenchUser[],
  groupSize: number,
): Promise<BenchConversation[]> {
  const conversations: BenchConversation[] = [];
  for (let start = 0; start + 1 < users.length; start += groupSize) {
    const members = users.slice(start, start + groupSize);
    const [owner, ...others] = members as [BenchUser, ...BenchUser[]];
    const created =
      groupSize === 2
        ? await postJson(baseUrl, "/api/conversations", owner.cookie, { userId: others[0]?.id })
        : await postJson(baseUrl, "/api/conversations", owner.cookie, {
            name: `Bench group ${conversations.length + 1}`,
            memberIds: others.map((user) => user.id),
          });
    conversations.push({ id: created.id, memberIndexes: members.map((user) => user.index) });
  }
  return conversations;
}
