import fs from "node:fs";
import path from "node:path";

// What there is to fuzz, read from the app folder itself so a new route is fuzzed the day it is
// added: every app/api/**/route.ts with the methods it exports, and every page.

export const APP_DIR = path.resolve(import.meta.dirname, "../../app");

export interface RouteTemplate {
  /** `/api/conversations/[id]/messages`: segments in brackets are parameters. */
  path: string;
  /** Methods the handler exports (GET, POST, …); [] for a page. */
  methods: string[];
  kind: "api" | "page";
}

const METHOD_EXPORT =
  /export\s+(?:const|async\s+function|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b|export\s+const\s*\{([^}]*)\}/g;

function exportedMethods(source: string): string[] {
  const methods = new Set<string>();
  for (const match of source.matchAll(METHOD_EXPORT)) {
    if (match[1]) methods.add(match[1]);
    for (const name of (match[2] ?? "").split(",")) {
      const trimmed = name.trim();
      if (/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(trimmed)) methods.add(trimmed);
    }
  }
  return [...methods].sort();
}

export function discoverRoutes(dir = APP_DIR, prefix = ""): RouteTemplate[] {
  const routes: RouteTemplate[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      routes.push(...discoverRoutes(full, prefix + segment));
    } else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
      routes.push({
        path: prefix || "/",
        methods: exportedMethods(fs.readFileSync(full, "utf8")),
        kind: prefix.startsWith("/api") ? "api" : "page",
      });
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
      routes.push({ path: prefix || "/", methods: [], kind: "page" });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The parameter names of a template (`[id]` → id, `[...nextauth]` → nextauth). */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((match) => match[1] as string);
}
