import type { AttachmentKind } from "@/lib/chat/dto";

// What may be uploaded and how it is served: pure rules, shared by the upload (both drivers), the
// file route and the DTO. The type of a file is what its bytes say (file-type's sniff), never the
// browser's Content-Type; the name's extension must agree with it.

/** Longest stored name, in characters (the column is VARCHAR(255)). */
export const MAX_FILE_NAME_CHARACTERS = 200;

/** How many leading bytes are sniffed (file-type's reasonable detection size). */
export const SNIFF_BYTES = 4100;

/**
 * Types served inline, each a media type browsers only ever render as media. Everything else,
 * whatever it is, is served as a download (`Content-Disposition: attachment`) with nosniff.
 */
const INLINE_TYPES: Record<string, AttachmentKind> = {
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
  "image/avif": "image",
  "video/mp4": "video",
  "video/webm": "video",
  "video/ogg": "video",
  "video/quicktime": "video",
  "audio/mpeg": "audio",
  "audio/ogg": "audio",
  "audio/opus": "audio",
  "audio/wav": "audio",
  "audio/x-wav": "audio",
  "audio/webm": "audio",
  "audio/mp4": "audio",
  "audio/x-m4a": "audio",
  "audio/aac": "audio",
  "audio/aacp": "audio",
  "audio/flac": "audio",
  "audio/x-flac": "audio",
};

/** Images sharp decodes into a thumbnail (the others of INLINE_TYPES are played, not resized). */
export const THUMBNAIL_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

export function kindOf(mimeType: string): AttachmentKind {
  return INLINE_TYPES[mimeType] ?? "file";
}

/** Whether a stored type may be shown inline by the browser (never SVG, HTML or anything scriptable). */
export function isInlineType(mimeType: string): boolean {
  return mimeType in INLINE_TYPES;
}

/**
 * The name a person gave a file, made safe to store and show: no path (only what follows the last
 * separator), no control or bidi-override characters, trimmed of dots and spaces at the ends, cut
 * to MAX_FILE_NAME_CHARACTERS keeping its extension. The name is only ever shown and offered as a
 * download name; files are stored under generated keys. Null when nothing is left.
 */
export function sanitizeFileName(raw: string): string | null {
  const base = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // C0/C1 controls, and bidi overrides that make "gpj.exe" read as "exe.jpg".
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    // Unpaired surrogates cannot be stored as text.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (cleaned === "") return null;
  const chars = [...cleaned];
  if (chars.length <= MAX_FILE_NAME_CHARACTERS) return cleaned;
  const extension = extensionOf(cleaned);
  const tail = extension ? `.${extension}` : "";
  return `${chars
    .slice(0, MAX_FILE_NAME_CHARACTERS - tail.length)
    .join("")
    .trimEnd()}${tail}`;
}

/** The lower-cased extension of a name ("png"), or "" when it has none that looks like one. */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match?.[1]?.toLowerCase() ?? "";
}

// Extensions refused whatever the content: documents a browser runs as a page or script.
const ACTIVE_EXTENSIONS = new Set([
  "html",
  "htm",
  "xhtml",
  "xht",
  "shtml",
  "mht",
  "mhtml",
  "svg",
  "svgz",
  "xml",
  "xsl",
  "xslt",
  "js",
  "mjs",
  "cjs",
  "hta",
  "swf",
  "php",
  "phtml",
]);

// Sniffed types refused even with a matching extension.
const ACTIVE_TYPES = new Set([
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "application/xml",
  "text/xml",
  "application/x-shockwave-flash",
  "application/javascript",
  "text/javascript",
]);

// Markup anywhere near the start makes a file a page to some browser or plugin: an "image" whose
// bytes also parse as HTML (a polyglot) is refused rather than trusted to nosniff alone.
const MARKUP = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)[\s>/]/i;

// Extensions a sniffed type may have under another name (jpg for jpeg, …). Containers of the zip
// family all sniff as zip.
const EXTENSION_ALIASES: Record<string, string[]> = {
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  tif: ["tif", "tiff"],
  mp4: ["mp4", "m4v"],
  m4a: ["m4a", "mp4", "aac"],
  ogg: ["ogg", "oga", "ogv", "opus"],
  opus: ["opus", "ogg"],
  mov: ["mov", "qt"],
  zip: ["zip", "jar", "apk", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "ipa", "xpi", "kmz", "cbz"],
  docx: ["docx", "docm"],
  xlsx: ["xlsx", "xlsm"],
  pptx: ["pptx", "pptm"],
  cfb: ["doc", "xls", "ppt", "msg", "msi"],
  mpg: ["mpg", "mpeg"],
  gz: ["gz", "tgz"],
  mkv: ["mkv", "mka"],
  webm: ["webm", "weba"],
  wav: ["wav", "wave"],
  heic: ["heic", "heif"],
  "7z": ["7z"],
};

// Plain-text formats file-type cannot recognise: accepted when the bytes are text without markup.
const TEXT_TYPES: Record<string, string> = {
  txt: "text/plain",
  text: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  yaml: "text/yaml",
  yml: "text/yaml",
  ics: "text/calendar",
  vcf: "text/vcard",
};

export type FileVerdict =
  | { ok: true; mimeType: string }
  | { ok: false; code: "unsupported:file_type"; message: string };

const refused = (message: string): FileVerdict => ({ ok: false, code: "unsupported:file_type", message });

/**
 * Decides from the first bytes (sniffed by file-type into `sniffed`) whether a file named `name`
 * is accepted, and as what type. Refused: anything active (HTML, SVG, XML, script), markup in the
 * first bytes (polyglots), and content that does not match the name's extension.
 */
export function judgeFile({
  name,
  head,
  sniffed,
  sniffableExtensions,
}: {
  name: string;
  head: Uint8Array;
  sniffed: { ext: string; mime: string } | undefined;
  /** file-type's `supportedExtensions`. */
  sniffableExtensions: ReadonlySet<string>;
}): FileVerdict {
  const extension = extensionOf(name);
  if (ACTIVE_EXTENSIONS.has(extension)) {
    return refused(`.${extension} files cannot be shared: they can run as a web page or script.`);
  }
  if (sniffed && ACTIVE_TYPES.has(sniffed.mime)) {
    return refused("That file is a web page, SVG or script, which cannot be shared.");
  }
  if (MARKUP.test(latin1(head))) {
    return refused("That file contains web page markup, which cannot be shared.");
  }
  if (sniffed) {
    const accepted = EXTENSION_ALIASES[sniffed.ext] ?? [sniffed.ext];
    if (extension !== "" && !accepted.includes(extension)) {
      return refused(
        `That file's content (${sniffed.ext.toUpperCase()}) does not match its name (.${extension}).`,
      );
    }
    return { ok: true, mimeType: sniffed.mime };
  }
  // Not a format file-type knows: only text, or a binary whose extension file-type would have
  // recognised (a ".png" that is not a PNG) gives it away.
  if (isText(head)) {
    if (extension !== "" && isSniffableExtension(extension, sniffableExtensions)) {
      return refused(`That file is not a .${extension} file: its content does not match its name.`);
    }
    return { ok: true, mimeType: TEXT_TYPES[extension] ?? "text/plain" };
  }
  if (extension !== "" && (isSniffableExtension(extension, sniffableExtensions) || extension in TEXT_TYPES)) {
    return refused(`That file is not a .${extension} file: its content does not match its name.`);
  }
  return { ok: true, mimeType: "application/octet-stream" };
}

/** Extensions file-type recognises, with their aliases: a file named so must sniff as one. */
function isSniffableExtension(extension: string, known: ReadonlySet<string>): boolean {
  if (extension in TEXT_TYPES) return false;
  if (known.has(extension)) return true;
  return Object.entries(EXTENSION_ALIASES).some(
    ([ext, aliases]) => known.has(ext) && aliases.includes(extension),
  );
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** UTF-8 (or ASCII) text: valid UTF-8 with no NULs and few other control characters. */
function isText(bytes: Uint8Array): boolean {
  // A multi-byte character may be cut at the end of the sniffed window.
  const sample = bytes.subarray(0, Math.max(0, bytes.byteLength - 3));
  if (sample.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample);
  } catch {
    return false;
  }
  let controls = 0;
  for (const byte of sample) if (byte < 9 || (byte > 13 && byte < 32)) controls += 1;
  return controls <= sample.byteLength / 100;
}
