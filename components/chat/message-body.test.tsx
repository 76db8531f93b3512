import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConversationMembersProvider } from "./conversation-members";
import { MessageBody } from "./message-body";

const members = [
  { id: "u-ana", username: "ana", displayName: "Ana Lima", avatar: null, role: "member" as const },
  { id: "u-ben", username: "ben", displayName: "Ben Ode", avatar: null, role: "member" as const },
];

function render(doc: unknown, viewerId = "u-ana") {
  return renderToStaticMarkup(
    <ConversationMembersProvider viewerId={viewerId} members={members} isGroup={false}>
      <MessageBody doc={doc} />
    </ConversationMembersProvider>,
  );
}

const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const text = (value: string, marks?: unknown[]) => ({
  type: "text",
  text: value,
  ...(marks ? { marks } : {}),
});

describe("MessageBody", () => {
  it("renders marks as elements", () => {
    const html = render({
      type: "doc",
      content: [
        paragraph(
          text("b", [{ type: "bold" }]),
          text("i", [{ type: "italic" }]),
          text("s", [{ type: "strike" }]),
          text("c", [{ type: "code" }]),
          text("bi", [{ type: "bold" }, { type: "italic" }]),
        ),
      ],
    });
    expect(html).toContain("<strong>b</strong>");
    expect(html).toContain("<em>i</em>");
    expect(html).toContain("<s>s</s>");
    expect(html).toMatch(/<code[^>]*>c<\/code>/);
    expect(html).toContain("<em><strong>bi</strong></em>");
  });

  it("renders lists, quotes and line breaks", () => {
    const html = render({
      type: "doc",
      content: [
        {
          type: "orderedList",
          attrs: { start: 3, type: null },
          content: [{ type: "listItem", content: [paragraph(text("three"))] }],
        },
        { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("dot"))] }] },
        { type: "blockquote", content: [paragraph(text("a"), { type: "hardBreak" }, text("b"))] },
      ],
    });
    expect(html).toMatch(/<ol start="3"[^>]*><li><p[^>]*>three<\/p><\/li><\/ol>/);
    expect(html).toMatch(/<ul[^>]*><li><p[^>]*>dot<\/p><\/li><\/ul>/);
    expect(html).toMatch(/<blockquote[^>]*><p[^>]*>a<br\/>b<\/p><\/blockquote>/);
  });

  it("highlights a code block in a known language with hljs spans, never as HTML", () => {
    const html = render({
      type: "doc",
      content: [
        { type: "codeBlock", attrs: { language: "js" }, content: [text("const a = '<b>';")] },
        { type: "codeBlock", attrs: { language: null }, content: [text("plain <i>")] },
      ],
    });
    expect(html).toMatch(/<pre[^>]*><code class="hljs language-js"><span class="hljs-keyword">const<\/span>/);
    expect(html).toContain("&lt;b&gt;");
    expect(html).toContain('<code class="hljs">plain &lt;i&gt;</code>');
  });

  it("opens safe links in a new tab without opener or referrer, and shows unsafe ones as text", () => {
    const html = render({
      type: "doc",
      content: [
        paragraph(
          text("safe", [{ type: "link", attrs: { href: "https://example.com/x" } }]),
          text("evil", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]),
          text("sneaky", [{ type: "link", attrs: { href: "java\tscript:alert(1)" } }]),
        ),
      ],
    });
    expect(html).toMatch(
      /<a href="https:\/\/example.com\/x" target="_blank" rel="noopener noreferrer nofollow"[^>]*>safe<\/a>/,
    );
    expect(html).not.toContain("javascript");
    expect(html).not.toContain("script:");
    expect(html).toContain("evil");
    expect(html).toContain("sneaky");
  });

  it("names mentions by the member's current display name and marks the viewer's", () => {
    const html = render({
      type: "doc",
      content: [
        paragraph(
          { type: "mention", attrs: { id: "u-ana", label: "ana" } },
          { type: "mention", attrs: { id: "u-ben", label: "ben" } },
          { type: "mention", attrs: { id: "u-gone", label: "gone" } },
          { type: "mention", attrs: { id: "everyone", label: null } },
        ),
      ],
    });
    expect(html).toMatch(
      /<button[^>]*aria-label="@Ana Lima"[^>]*class="[^"]*bg-accent[^"]*"[^>]*>@Ana Lima<\/button>/,
    );
    expect(html).toMatch(/<button[^>]*aria-label="@Ben Ode"[^>]*>@Ben Ode<\/button>/);
    expect(html).not.toMatch(/aria-label="@Ben Ode"[^>]*class="[^"]*bg-accent/);
    expect(html).toContain(">@gone</button>");
    expect(html).toMatch(/<span class="[^"]*bg-accent[^"]*">@everyone<\/span>/);
  });

  it("shows only the text of nodes and marks it does not know, never their markup", () => {
    const html = render({
      type: "doc",
      content: [
        { type: "html", attrs: { html: "<img src=x onerror=alert(1)>" }, content: [text("<b>hi</b>")] },
        paragraph(text("plain", [{ type: "underline" }]), { type: "image", attrs: { src: "https://x" } }),
        "not a node",
      ],
    });
    expect(html).toContain("&lt;b&gt;hi&lt;/b&gt;");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("onerror");
    expect(html).toContain("plain");
    expect(html).not.toContain("<u>");
  });

  it("survives documents that are not documents", () => {
    expect(render(null)).toMatch(/^<div[^>]*><\/div>$/);
    expect(render({ type: "doc", content: "x" })).toMatch(/^<div[^>]*><\/div>$/);
  });
});
