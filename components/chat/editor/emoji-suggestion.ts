import { Extension, InputRule } from "@tiptap/core";
import { PluginKey } from "@tiptap/pm/state";
import { Suggestion, type SuggestionOptions } from "@tiptap/suggestion";
import { emojiForShortcode, searchEmoji } from "./emoji-search";
import type { SuggestionItem } from "./suggestion-store";

const emojiSuggestionKey = new PluginKey("emojiSuggestion");

/**
 * `:` and two letters list matching emoji; picking one replaces the `:query` with it. A complete
 * `:shortcode:` typed out becomes its emoji directly (once the index has loaded).
 */
export const EmojiSuggestion = Extension.create<{ render: SuggestionOptions["render"] }>({
  name: "emojiSuggestion",
  // Before the editor's keymap, so Enter picks an emoji rather than sending.
  priority: 101,

  addOptions() {
    return { render: undefined };
  },

  addInputRules() {
    return [
      new InputRule({
        find: /(?:^|\s)(:([a-z0-9_+-]{2,}):)$/,
        handler: ({ state, range, match }) => {
          const emoji = match[2] ? emojiForShortcode(match[2]) : null;
          if (!emoji || !match[1]) return null;
          // The closing `:` is being typed, so it is not in the document yet.
          const start = range.from + match[0].length - match[1].length;
          state.tr.insertText(emoji, start, range.to);
        },
      }),
    ];
  },

  addProseMirrorPlugins() {
    return [
      Suggestion<SuggestionItem, SuggestionItem>({
        editor: this.editor,
        pluginKey: emojiSuggestionKey,
        char: ":",
        minQueryLength: 2,
        placement: "top-start",
        allow: ({ editor }) => !editor.isActive("codeBlock") && !editor.isActive("code"),
        items: ({ query }) => searchEmoji(query),
        render: this.options.render,
        command: ({ editor, range, props }) => {
          editor
            .chain()
            .focus()
            .insertContentAt(range, props.leading ?? "")
            .run();
        },
      }),
    ];
  },
});
