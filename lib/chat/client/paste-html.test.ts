import { describe, expect, it } from "vitest";
import { sanitizePastedHtml } from "./paste-html";

const members = new Set(["u-ben"]);
const clean = (html: string) => sanitizePastedHtml(html, (id) => members.has(id));

describe("sanitizePastedHtml", () => {
  it("keeps the allowed formatting", () => {
    const html =
      '<p><strong>b</strong> <em>i</em> <s>s</s> <code>c</code></p><ul><li>one</li></ul><ol start="3"><li>x</li></ol><blockquote><p>q</p></blockquote>';
    expect(clean(html)).toBe(html);
  });

  it("drops scripts, handlers, styles and unsafe links", () => {
    const out = clean(
      '<p style="color:red" onclick="alert(1)">hi<script>alert(1)</script><img src=x onerror=alert(1)></p><a href="javascript:alert(1)">x</a><a href="https://example.com" target="_self">ok</a>',
    );
    expect(out).toBe('<p>hi</p><a>x</a><a href="https://example.com">ok</a>');
  });

  it("keeps a code block's language class and no other class", () => {
    expect(clean('<pre class="hl"><code class="x language-ts">a</code></pre><p class="big">b</p>')).toBe(
      '<pre><code class="language-ts">a</code></pre><p>b</p>',
    );
  });

  it("turns mentions the sender may not make into text", () => {
    const out = clean(
      '<p><span data-type="mention" data-id="u-ben" data-label="ben">@Ben</span> <span data-type="mention" data-id="u-eve" data-label="eve">@Eve</span> <span data-type="mention" data-id="everyone">@everyone</span></p>',
    );
    expect(out).toBe(
      '<p><span data-type="mention" data-id="u-ben" data-label="ben">@Ben</span> @Eve @everyone</p>',
    );
  });
});
