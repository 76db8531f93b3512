import { MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_NODES } from "./schema";

// A cheap, iterative look at an untrusted document before the (recursive) zod schema touches
// it: a 100,000-level `content` chain or a huge `attrs` tree is refused here with an explicit
// stack, so parsing can never exhaust the call stack or spend long on something we will refuse.

/** Room for a node's own keys below it (content array, marks array, mark, attrs object). */
const MAX_JSON_DEPTH = MAX_DOCUMENT_DEPTH * 2 + 6;
/** Every object, array and value counted: a bound on the work of this walk itself. */
const MAX_JSON_VALUES = MAX_DOCUMENT_NODES * 32;

interface Pending {
  value: unknown;
  /** JSON nesting: every object or array is one level. */
  jsonDepth: number;
  /** Node level (doc = 0) when `value` sits where a node belongs, else null. */
  nodeDepth: number | null;
}

/** Null when the document is within bounds, else the reason it is refused. */
export function checkDocumentBounds(root: unknown): string | null {
  const stack: Pending[] = [{ value: root, jsonDepth: 0, nodeDepth: 0 }];
  let nodes = 0;
  let values = 0;
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, jsonDepth, nodeDepth } = item;
    if (++values > MAX_JSON_VALUES) return "the document is too large";
    if (typeof value !== "object" || value === null) continue;
    if (jsonDepth > MAX_JSON_DEPTH) return "the document is nested too deeply";
    if (nodeDepth !== null) {
      if (nodeDepth > MAX_DOCUMENT_DEPTH) {
        return `the document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep`;
      }
      if (++nodes > MAX_DOCUMENT_NODES) {
        return `the document has more than ${MAX_DOCUMENT_NODES.toLocaleString("en")} nodes`;
      }
    }
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (values + size > MAX_JSON_VALUES) return "the document is too large";
    const entries = Array.isArray(value) ? value.map((v) => ["", v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      const isContent = nodeDepth !== null && key === "content" && Array.isArray(child);
      if (isContent) {
        if (jsonDepth + 1 > MAX_JSON_DEPTH) return "the document is nested too deeply";
        if (nodes + stack.length + child.length > MAX_DOCUMENT_NODES * 2) {
          return `the document has more than ${MAX_DOCUMENT_NODES.toLocaleString("en")} nodes`;
        }
        for (const node of child)
          stack.push({ value: node, jsonDepth: jsonDepth + 2, nodeDepth: nodeDepth + 1 });
        values += 1;
      } else {
        stack.push({ value: child, jsonDepth: jsonDepth + 1, nodeDepth: null });
      }
    }
  }
  return null;
}
