"use client";

import { Fragment, memo, type ReactNode } from "react";
import { LINK_REL, linkTarget } from "@/lib/chat/client/link-target";
import { asNode, codeLanguage, positiveInt, type RichNode, textOf } from "@/lib/chat/client/rich-node";
import { cn } from "@/lib/utils";
import { CodeBlock } from "./code-block";
import { MessageMention } from "./message-mention";

// A stored message document becomes React elements, node by node, from an allow-list: no HTML
// string is ever produced or injected. A node this version does not know (written by an older
// or newer client) shows its text only.

/** Far beyond what the server accepts (8); only guards against a runaway document. */
const MAX_DEPTH = 16;

function renderText(node: RichNode): ReactNode {
  let element: ReactNode = node.text ?? "";
  for (const mark of node.marks) {
    if (mark.type === "bold") element = <strong>{element}</strong>;
    else if (mark.type === "italic") element = <em>{element}</em>;
    else if (mark.type === "strike") element = <s>{element}</s>;
    else if (mark.type === "code")
      element = <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">{element}</code>;
    else if (mark.type === "link") {
      const href = linkTarget(mark.attrs.href);
      // An unsafe target shows as its text: the words stay, the link does not.
      if (href)
        element = (
          <a
            href={href}
            target="_blank"
            rel={LINK_REL}
            className="break-words text-primary underline underline-offset-2 hover:opacity-80"
          >
            {element}
          </a>
        );
    }
  }
  return element;
}

function renderChildren(node: RichNode, depth: number): ReactNode[] {
  return node.content.map((child, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a stored document's nodes have no ids and never reorder
    <Fragment key={index}>{renderNode(child, depth + 1)}</Fragment>
  ));
}

function renderNode(node: RichNode, depth: number): ReactNode {
  if (depth > MAX_DEPTH) return textOf(node);
  switch (node.type) {
    case "text":
      return renderText(node);
    case "hardBreak":
      return <br />;
    case "mention":
      return <MessageMention id={node.attrs.id} label={node.attrs.label} />;
    case "paragraph":
      return <p className="min-h-[1lh] whitespace-pre-wrap">{renderChildren(node, depth)}</p>;
    case "bulletList":
      return <ul className="list-disc pl-5">{renderChildren(node, depth)}</ul>;
    case "orderedList":
      return (
        <ol start={positiveInt(node.attrs.start, 1)} className="list-decimal pl-5">
          {renderChildren(node, depth)}
        </ol>
      );
    case "listItem":
      return <li>{renderChildren(node, depth)}</li>;
    case "blockquote":
      return (
        <blockquote className="my-0.5 border-l-2 border-border pl-3 text-muted-foreground">
          {renderChildren(node, depth)}
        </blockquote>
      );
    case "codeBlock":
      return <CodeBlock code={textOf(node)} language={codeLanguage(node.attrs.language)} />;
    default:
      return node.content.length > 0 ? (
        <span className="block whitespace-pre-wrap">{textOf(node)}</span>
      ) : (
        textOf(node)
      );
  }
}

/**
 * A message's body. `suffix` (the "(edited)" mark) joins the last paragraph so it sits on the
 * text's line; `isLargeEmoji` is for messages of one to three emoji and nothing else. Memoised:
 * the list re-renders its rows on every new message or reaction, and a long document (or a big
 * highlighted code block) takes tens of milliseconds to walk.
 */
export const MessageBody = memo(function MessageBody({
  doc,
  suffix,
  isLargeEmoji = false,
  className,
}: {
  doc: unknown;
  suffix?: ReactNode;
  isLargeEmoji?: boolean;
  className?: string;
}) {
  const root = asNode(doc);
  const blocks = root?.type === "doc" ? root.content : root ? [root] : [];
  const last = blocks.at(-1);
  const suffixInside = suffix && last?.type === "paragraph";
  return (
    <div
      className={cn(
        "flex flex-col gap-1 break-words text-sm",
        isLargeEmoji && "text-4xl leading-tight",
        className,
      )}
    >
      {blocks.map((block, index) =>
        suffixInside && block === last ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a stored document's nodes have no ids and never reorder
          <p key={index} className="min-h-[1lh] whitespace-pre-wrap">
            {renderChildren(block, 1)}
            {suffix}
          </p>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <Fragment key={index}>{renderNode(block, 1)}</Fragment>
        ),
      )}
      {suffix && !suffixInside ? <p>{suffix}</p> : null}
    </div>
  );
});
