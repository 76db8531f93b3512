import { createHash, createHmac } from "node:crypto";
import type { Target } from "./target";

/**
 * Signs a REST request independently of the SDK (auth_version 1.0), so tests can vary the
 * timestamp, the body and the signature.
 */
export function signedFetch(
  target: Target,
  options: {
    method: "GET" | "POST";
    path: string;
    body?: string;
    params?: Record<string, string>;
    timestamp?: number;
    secret?: string;
    tamper?: (query: Record<string, string>) => void;
  },
): Promise<Response> {
  const path = `/apps/${target.appId}${options.path}`;
  const query: Record<string, string> = {
    auth_key: target.key,
    auth_timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: "1.0",
    ...options.params,
  };
  if (options.body) query.body_md5 = createHash("md5").update(options.body).digest("hex");
  const canonical = Object.keys(query)
    .sort()
    .map((key) => `${key}=${query[key]}`)
    .join("&");
  query.auth_signature = createHmac("sha256", options.secret ?? target.secret)
    .update(`${options.method}\n${path}\n${canonical}`)
    .digest("hex");
  options.tamper?.(query);
  const url = `http://${target.host}:${target.port}${path}?${new URLSearchParams(query)}`;
  return fetch(url, {
    method: options.method,
    body: options.body,
    headers: options.body ? { "Content-Type": "application/json" } : {},
  });
}
