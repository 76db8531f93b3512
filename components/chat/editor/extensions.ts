import type { AnyExtension } from "@tiptap/core";
import { CodeBlockLowlight } from "@tiptap/extension-code-block-lowlight";
import { Mention } from "@tiptap/extension-mention";
import { Placeholder } from "@tiptap/extensions";
import { StarterKit } from "@tiptap/starter-kit";
import { common, createLowlight } from "lowlight";
import { isSafeHref } from "@/lib/chat/body/link-href";
import { EVERYONE, type MentionCandidate, mentionItems } from "@/lib/chat/client/mention-items";
import { EmojiSuggestion } from "./emoji-suggestion";
import { SendKeymap, type SendKeymapHandlers } from "./send-keymap";
import type { SuggestionItem, SuggestionStore } from "./suggestion-store";

// The editor knows exactly the nodes and marks the message contract allows (lib/chat/body/schema.ts):
// everything else StarterKit brings is switched off, so tiptap cannot produce, or keep from a
// paste, anything the server would refuse.

const lowlight = createLowlight(common);

/** The href a typed or pasted URL gets: linkify adds https:// to a bare domain, mailto: to an address. */
function hrefOf(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return url.includes("@") ? `mailto:${url}` : `https://${url}`;
}

export interface MessageEditorContext {
  members: MentionCandidate[];
  viewerId: string;
  canMentionEveryone: boolean;
}

export function messageExtensions({
  placeholder,
  store,
  handlers,
  context,
}: {
  placeholder: string;
  store: SuggestionStore;
  handlers: { current: SendKeymapHandlers };
  /** Read on every keystroke, so member changes apply without rebuilding the editor. */
  context: { current: MessageEditorContext };
}): AnyExtension[] {
  const nameOf = (id: string, label: string | null) =>
    id === EVERYONE
      ? "everyone"
      : (context.current.members.find((member) => member.id === id)?.displayName ?? label ?? "unknown");
  return [
    StarterKit.configure({
      heading: false,
      horizontalRule: false,
      underline: false,
      codeBlock: false,
      trailingNode: false,
      link: {
        autolink: true,
        linkOnPaste: true,
        openOnClick: false,
        defaultProtocol: "https",
        isAllowedUri: (url) => isSafeHref(url),
        shouldAutoLink: (url) => isSafeHref(hrefOf(url)),
      },
    }),
    CodeBlockLowlight.configure({ lowlight, defaultLanguage: null }),
    Placeholder.configure({ placeholder }),
    Mention.configure({
      HTMLAttributes: { class: "mention" },
      renderText: ({ node }) => `@${nameOf(node.attrs.id, node.attrs.label)}`,
      renderHTML: ({ options, node }) => [
        "span",
        options.HTMLAttributes,
        `@${nameOf(node.attrs.id, node.attrs.label)}`,
      ],
      suggestion: {
        char: "@",
        placement: "top-start",
        allow: ({ editor }) => !editor.isActive("codeBlock") && !editor.isActive("code"),
        items: ({ query }) => mentionItems({ query, ...context.current }),
        render: store.render("mention"),
        command: ({ editor, range, props }) => {
          const item = props as unknown as SuggestionItem;
          const member = context.current.members.find((candidate) => candidate.id === item.key);
          // The server overwrites the label with the current username; the same here keeps the
          // optimistic copy's plain text equal to the saved one.
          const label = item.key === EVERYONE ? EVERYONE : (member?.username ?? null);
          if (editor.state.selection.$to.nodeAfter?.text?.startsWith(" ")) range.to += 1;
          editor
            .chain()
            .focus()
            .insertContentAt(range, [
              { type: "mention", attrs: { id: item.key, label } },
              { type: "text", text: " " },
            ])
            .run();
        },
      },
    }),
    EmojiSuggestion.configure({ render: store.render("emoji") }),
    SendKeymap.configure({ handlers: () => handlers.current, isSuggesting: store.isShowingItems }),
  ];
}
