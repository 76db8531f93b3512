import type { ElementContent, RootContent } from "hast";
import { common, createLowlight } from "lowlight";
import { type ReactNode, useMemo } from "react";

const lowlight = createLowlight(common);
// Class names come from highlight.js's grammars ("hljs-keyword", "function_"); anything else is dropped.
const CLASS_NAME = /^[A-Za-z0-9_-]{1,40}$/;

function classNameOf(value: unknown): string | undefined {
  const names = Array.isArray(value)
    ? value.filter((name) => typeof name === "string" && CLASS_NAME.test(name))
    : [];
  return names.length > 0 ? names.join(" ") : undefined;
}

/** lowlight's syntax tree as React elements: only text and spans with class names, never HTML. */
function renderTokens(nodes: (RootContent | ElementContent)[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (node.type === "text") return node.value;
    if (node.type === "element") {
      return (
        // biome-ignore lint/suspicious/noArrayIndexKey: a static token list, never reordered
        <span key={index} className={classNameOf(node.properties.className)}>
          {renderTokens(node.children)}
        </span>
      );
    }
    return null;
  });
}

/**
 * A code block, highlighted when its language is one lowlight's common set knows. Without a
 * language it stays plain: guessing is slow on long blocks and often wrong on short ones.
 */
export function CodeBlock({ code, language }: { code: string; language: string | null }) {
  const tokens = useMemo(
    () =>
      language && lowlight.registered(language)
        ? renderTokens(lowlight.highlight(language, code).children)
        : null,
    [code, language],
  );
  return (
    <pre className="message-code my-1 max-w-full overflow-x-auto rounded-md border border-border bg-muted p-2 font-mono text-xs leading-relaxed">
      <code className={language ? `hljs language-${language}` : "hljs"}>{tokens ?? code}</code>
    </pre>
  );
}
