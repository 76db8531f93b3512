import type http from "node:http";
import type { AppState } from "./app-state";
import { verifySignedRequest } from "./http-auth";
import { BodyTooLargeError, readBody } from "./http-body";
import { HttpError, parseJsonBody } from "./http-error";
import type { ResolvedOptions } from "./options";
import { decodePathSegment, parseRequestTarget, type RequestTarget } from "./request-target";
import { triggerBatch, triggerEvent } from "./rest-events";
import { getChannel, getChannelUsers, listChannels, terminateUserConnections } from "./rest-queries";

type Route = {
  method: "GET" | "POST";
  run: (app: AppState, body: Buffer, query: URLSearchParams) => unknown;
};

function segment(value: string): string {
  const decoded = decodePathSegment(value);
  if (decoded === undefined) throw new HttpError(400, "Malformed path");
  return decoded;
}

/** Matches the part of the path after `/apps/{id}`. */
function route(rest: string): Route | undefined {
  if (rest === "/events")
    return { method: "POST", run: (app, body) => triggerEvent(app, parseJsonBody(body)) };
  if (rest === "/batch_events")
    return { method: "POST", run: (app, body) => triggerBatch(app, parseJsonBody(body)) };
  if (rest === "/channels") return { method: "GET", run: (app, _body, query) => listChannels(app, query) };
  let match = /^\/channels\/([^/]+)\/users$/.exec(rest);
  if (match) {
    const name = segment(match[1] as string);
    return { method: "GET", run: (app) => getChannelUsers(app, name) };
  }
  match = /^\/channels\/([^/]+)$/.exec(rest);
  if (match) {
    const name = segment(match[1] as string);
    return { method: "GET", run: (app, _body, query) => getChannel(app, name, query) };
  }
  match = /^\/users\/([^/]+)\/terminate_connections$/.exec(rest);
  if (match) {
    const userId = segment(match[1] as string);
    return { method: "POST", run: (app) => terminateUserConnections(app, userId) };
  }
  return undefined;
}

function reply(res: http.ServerResponse, status: number, body: unknown, closeAfter = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...(closeAfter ? { Connection: "close" } : {}),
  });
  res.end(text);
}

/** The Pusher HTTP API under `{prefix}/apps/{id}/…`. */
export class HttpApi {
  private readonly prefix: string;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly appsById: Map<string, AppState>,
  ) {
    this.prefix = `${options.pathPrefix}/apps/`;
  }

  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const target = parseRequestTarget(req.url);
    if (!target?.path.startsWith(this.prefix)) return false;
    this.serve(req, res, target).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        // The rest of the body is never read: the socket goes once the answer is out, or
        // shortly after if the client does not take the answer either.
        reply(res, 413, { error: error.message }, true);
        res.once("finish", () => req.destroy());
        setTimeout(() => req.destroy(), this.options.heartbeat.closeGraceMs).unref();
      } else if (error instanceof HttpError) {
        reply(res, error.status, { error: error.message });
      } else if (!req.complete && req.destroyed) {
        res.destroy();
      } else {
        this.options.log("error", "Realtime HTTP API failed", {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        reply(res, 500, { error: "Internal server error" });
      }
    });
    return true;
  }

  private async serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    { path, query }: RequestTarget,
  ): Promise<void> {
    // The (bounded) body is read before any refusal: answering first and hanging up on unread
    // bytes resets the connection, and a reset can lose the answer on its way back.
    const body = await readBody(req, this.options.limits.maxRequestBodyBytes);
    const rest = path.slice(this.prefix.length);
    const slash = rest.indexOf("/");
    const appId = segment(slash === -1 ? rest : rest.slice(0, slash));
    const app = this.appsById.get(appId);
    if (!app) throw new HttpError(404, `Unknown app ${appId.slice(0, 64)}`);
    const target = route(slash === -1 ? "" : rest.slice(slash));
    if (!target) throw new HttpError(404, "Unknown endpoint");
    if (req.method !== target.method) {
      res.setHeader("Allow", target.method);
      throw new HttpError(405, `Use ${target.method}`);
    }
    if (!app.isEnabled) throw new HttpError(403, "App is disabled");
    const failure = verifySignedRequest({ method: target.method, path, query, body }, app.config, {
      timestampWindowSeconds: this.options.limits.timestampWindowSeconds,
    });
    if (failure) throw new HttpError(401, failure);
    reply(res, 200, target.run(app, body, query));
  }
}
