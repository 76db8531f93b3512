import { type Editor, Extension } from "@tiptap/core";

export interface SendKeymapHandlers {
  onSubmit: () => void;
  /** Returns whether Escape did something (drop a reply, cancel an edit). */
  onEscape?: () => boolean;
  onLinkRequest?: () => void;
}

const FENCE = /^```([a-z0-9+#._-]{0,32})$/;

function isInCodeBlock(editor: Editor): boolean {
  return editor.state.selection.$from.parent.type.name === "codeBlock";
}

/** "```" or "```ts" alone in a paragraph becomes a code block on Enter, as it would on Space. */
function openFencedCodeBlock(editor: Editor): boolean {
  const { $from, empty } = editor.state.selection;
  if (!empty || $from.parent.type.name !== "paragraph" || $from.parentOffset !== $from.parent.content.size) {
    return false;
  }
  const match = FENCE.exec($from.parent.textContent);
  if (!match) return false;
  return editor
    .chain()
    .deleteRange({ from: $from.start(), to: $from.end() })
    .setCodeBlock(match[1] ? { language: match[1] } : undefined)
    .run();
}

/**
 * Enter sends; Shift+Enter starts a new line (a new list item inside a list, leaving the list from
 * an empty one); Mod+Enter sends from anywhere. Inside a code block Enter is a new line. While a
 * suggestion lists options Enter picks one (the suggestion plugins run before this keymap), and
 * during IME composition Enter belongs to the input method.
 */
export const SendKeymap = Extension.create<{
  // Functions, not objects: configure() deep-copies plain objects, which would freeze a ref.
  handlers: () => SendKeymapHandlers;
  isSuggesting: () => boolean;
}>({
  name: "sendKeymap",
  // Above StarterKit's own Enter handling, below the suggestion plugins (101).
  priority: 100.5,

  addOptions() {
    return { handlers: () => ({ onSubmit: () => {} }), isSuggesting: () => false };
  },

  addKeyboardShortcuts() {
    const submit = () => {
      this.options.handlers().onSubmit();
      return true;
    };
    return {
      Enter: ({ editor }) => {
        if (editor.view.composing || this.options.isSuggesting()) return false;
        if (isInCodeBlock(editor)) return false;
        if (openFencedCodeBlock(editor)) return true;
        return submit();
      },
      "Mod-Enter": ({ editor }) => (editor.view.composing ? false : submit()),
      "Shift-Enter": ({ editor }) => {
        if (editor.view.composing) return false;
        if (isInCodeBlock(editor)) return editor.commands.newlineInCode();
        return editor.commands.first(({ commands }) => [
          () => commands.splitListItem("listItem"),
          () => commands.liftEmptyBlock(),
          () => commands.splitBlock(),
        ]);
      },
      Escape: () => this.options.handlers().onEscape?.() ?? false,
      "Mod-k": () => {
        this.options.handlers().onLinkRequest?.();
        return true;
      },
    };
  },
});
