import { expect, type Page } from "@playwright/test";

// A trap for script that should never run. Installed before the page's own scripts, it records:
// any use of `window.__xss` (the corpus's payloads call or assign it), alert/confirm/prompt/print,
// native dialogs, CSP violations, popups, requests to the corpus's evil.example host, and any
// markup in the DOM that could run script (script without the page's nonce, on* attributes,
// javascript:/vbscript:/data: URLs, frames and plugins; inside the messages log also stray
// media and style elements). Each hit goes to the console with a tag, so hits from any frame count.

const TAG = "xss-trap:";

/** Runs in the page, so it must stay self-contained. Returns the hits found in the current DOM. */
function scanDom(root: ParentNode, deep = true): string[] {
  const URL_ATTRIBUTES = new Set([
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
    "codebase",
    "ping",
    "cite",
    "longdesc",
    "usemap",
    "manifest",
    "icon",
    "to",
    "values",
  ]);
  const NEVER = new Set([
    "IFRAME",
    "FRAME",
    "FRAMESET",
    "OBJECT",
    "EMBED",
    "APPLET",
    "PORTAL",
    "BASE",
    "ISINDEX",
  ]);
  // Inside a message or a name none of these belongs; a renderer that lets one through lets markup through.
  const NEVER_IN_LOG = new Set([
    "SCRIPT",
    "STYLE",
    "LINK",
    "META",
    "FORM",
    "TEMPLATE",
    "NOSCRIPT",
    "MATH",
    "FOREIGNOBJECT",
    "ANIMATE",
    "SET",
    "HANDLER",
    "DISCARD",
    "MARQUEE",
    "DETAILS",
    "VIDEO",
    "AUDIO",
    "SOURCE",
    "TRACK",
    "IMAGE",
    "PICTURE",
    "XMP",
    "PLAINTEXT",
    "LISTING",
    "NOEMBED",
    "NOFRAMES",
    "KEYGEN",
    "TEXTAREA",
    "SELECT",
  ]);
  // Browsers drop control characters and whitespace around a scheme, so the check does too.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it strips
  const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f-\u00a0\u200b-\u200d\ufeff]/g;
  const hits: string[] = [];
  const snippet = (el: Element) => el.outerHTML.slice(0, 160);
  const own = root instanceof Element ? [root] : [];
  const elements = deep ? [...own, ...root.querySelectorAll("*")] : own;
  for (const el of elements) {
    const tag = el.tagName.toUpperCase();
    const inLog = Boolean(el.closest('[role="log"]'));
    if (NEVER.has(tag)) hits.push(`element ${snippet(el)}`);
    if (tag === "SCRIPT") {
      const script = el as HTMLScriptElement;
      const src = script.getAttribute("src") ?? "";
      const isAppChunk =
        src !== "" &&
        new URL(src, location.href).origin === location.origin &&
        new URL(src, location.href).pathname.startsWith("/_next/");
      if (inLog || (!script.nonce && !isAppChunk)) hits.push(`script ${snippet(el)}`);
    } else if (tag === "META" && el.hasAttribute("http-equiv")) {
      hits.push(`meta ${snippet(el)}`);
    } else if (inLog && NEVER_IN_LOG.has(tag)) {
      hits.push(`in-log ${snippet(el)}`);
    }
    if (inLog && tag === "IMG") {
      const src = el.getAttribute("src") ?? "";
      if (!/^(\/api\/files\/|blob:)/.test(src)) hits.push(`in-log img ${snippet(el)}`);
    }
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) hits.push(`handler ${name} on ${snippet(el)}`);
      if (name === "srcdoc") hits.push(`srcdoc on ${snippet(el)}`);
      if (URL_ATTRIBUTES.has(name)) {
        const value = attribute.value.replace(IGNORED_IN_SCHEME, "").toLowerCase();
        if (
          /^(javascript|vbscript|livescript):/.test(value) ||
          (/^data:/.test(value) && !(tag === "IMG" && /^data:image\/(png|jpeg|gif|webp);/.test(value)))
        ) {
          hits.push(`url ${name} on ${snippet(el)}`);
        }
      }
    }
  }
  return hits;
}

function trap(tag: string, scan: typeof scanDom) {
  const report = console.error.bind(console);
  const hits: string[] = [];
  const hit = (detail: string) => {
    hits.push(detail);
    report(`${tag} ${detail.slice(0, 300)}`);
  };
  const sink = (id: unknown) => hit(`__xss called with ${String(id)}`);
  Object.defineProperty(window, "__xss", {
    configurable: false,
    get: () => sink,
    set: (value) => hit(`__xss assigned ${String(value).slice(0, 80)}`),
  });
  for (const name of ["alert", "confirm", "prompt", "print"] as const) {
    Object.defineProperty(window, name, {
      configurable: false,
      writable: false,
      value: (message?: unknown) => hit(`${name}(${String(message)})`),
    });
  }
  document.addEventListener("securitypolicyviolation", (event) =>
    hit(`csp ${event.violatedDirective} blocked ${event.blockedURI} sample ${event.sample}`),
  );
  new MutationObserver((records) => {
    for (const record of records) {
      const targets =
        record.type === "attributes"
          ? [record.target]
          : [...record.addedNodes].filter((n) => n.nodeType === 1);
      for (const node of targets) {
        for (const h of scan(node as Element, record.type !== "attributes")) hit(`mutation ${h}`);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
  Object.defineProperty(window, "__xssTrapHits", { value: () => [...hits, ...scan(document)] });
}

export interface XssTrap {
  /** Everything the trap saw so far, plus a fresh scan of the current DOM. */
  hits(): Promise<string[]>;
  expectClean(): Promise<void>;
}

/** Installs the trap in every document the page loads from now on. Call before `goto`. */
export async function installXssTrap(page: Page): Promise<XssTrap> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (message.text().startsWith(TAG)) seen.push(message.text().slice(TAG.length).trim());
  });
  page.on("dialog", (dialog) => {
    seen.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on("popup", (popup) => seen.push(`popup ${popup.url()}`));
  page.on("request", (request) => {
    const url = request.url();
    if (/evil\.example/i.test(url) || /^(javascript|data:text\/html)/i.test(url)) seen.push(`request ${url}`);
  });
  await page.addInitScript(`(${trap.toString()})(${JSON.stringify(TAG)}, ${scanDom.toString()})`);
  const hits = async () => {
    const inPage = await page
      .evaluate(
        () => (window as unknown as { __xssTrapHits?: () => string[] }).__xssTrapHits?.() ?? ["trap missing"],
      )
      .catch((error: Error) => [`trap unreadable: ${error.message}`]);
    return [...new Set([...seen, ...inPage])];
  };
  return {
    hits,
    expectClean: async () => expect(await hits(), "the XSS trap fired").toEqual([]),
  };
}
