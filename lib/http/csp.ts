// Content-Security-Policy for every page. Scripts run only with the per-request nonce
// ('strict-dynamic' lets Next's own chunks load); no inline or eval'd script in production.
// Styles allow 'unsafe-inline' because UI primitives set style attributes during SSR;
// a style cannot execute code.
export function buildContentSecurityPolicy(options: {
  nonce: string;
  isDev: boolean;
  connectSources: string[];
  /** Where stored files are served from besides this app (uploadthing's file host), if anywhere. */
  fileSources?: string[];
}): string {
  const { nonce, isDev, connectSources, fileSources = [] } = options;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:", "https:", ...fileSources.filter((s) => !s.startsWith("https:"))],
    "media-src": ["'self'", "blob:", ...fileSources],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...connectSources],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
