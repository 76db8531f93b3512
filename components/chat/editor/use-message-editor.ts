"use client";

import { type Editor, useEditor, useEditorState } from "@tiptap/react";
import { useMemo, useRef, useState } from "react";
import {
  characterCount,
  EMPTY_DOC,
  MAX_MESSAGE_CHARACTERS,
  type MessageDoc,
  toPlainText,
} from "@/lib/chat/body/schema";
import { composeDoc } from "@/lib/chat/client/compose-doc";
import { EVERYONE } from "@/lib/chat/client/mention-items";
import { sanitizePastedHtml } from "@/lib/chat/client/paste-html";
import { useConversationMembers } from "../conversation-members";
import { type MessageEditorContext, messageExtensions } from "./extensions";
import type { SendKeymapHandlers } from "./send-keymap";
import { createSuggestionStore } from "./suggestion-store";

export interface MessageEditorOptions {
  /** The editor's accessible name ("Message", "Edit message"). */
  label: string;
  placeholder?: string;
  initialContent?: MessageDoc;
  autofocus?: boolean;
  /**
   * Enter (or Mod+Enter, or the button) with a valid document; return false to keep the text.
   * `isChanged` says whether anything was typed since the editor opened with its content.
   */
  onSubmit: (doc: MessageDoc, plainText: string, isChanged: boolean) => boolean | undefined;
  /** Escape outside a suggestion popup; return whether it did something. */
  onEscape?: () => boolean;
  onChange?: (isEmpty: boolean) => void;
  /** Whether an empty document may be submitted now (a message that carries only files). */
  allowsEmpty?: () => boolean;
  /** Files pasted into the editor (an image copied from elsewhere); return true to take them. */
  onPasteFiles?: (files: File[]) => boolean;
  /** What came of a submit from the keyboard (an empty edit deserves a word, an empty send not). */
  onSubmitResult?: (result: SubmitResult) => void;
}

export type SubmitResult = "submitted" | "empty" | "too_long";

export interface MessageEditorState {
  isEmpty: boolean;
  characters: number;
  isTooLong: boolean;
}

/**
 * The message editor shared by the composer and the edit form: tiptap configured to the message
 * contract, with mention and emoji suggestions, Enter to submit and the limit on plain text.
 */
export function useMessageEditor(options: MessageEditorOptions) {
  const { members, viewerId, canMentionEveryone } = useConversationMembers();
  const context = useRef<MessageEditorContext>({ members, viewerId, canMentionEveryone });
  context.current = { members, viewerId, canMentionEveryone };
  const latest = useRef(options);
  latest.current = options;
  const [isLinkOpen, setIsLinkOpen] = useState(false);
  const store = useMemo(createSuggestionStore, []);
  const editorRef = useRef<Editor | null>(null);
  const isChanged = useRef(false);

  const submit = (): SubmitResult => {
    const editor = editorRef.current;
    if (!editor) return "empty";
    const doc = composeDoc(editor.getJSON()) ?? (latest.current.allowsEmpty?.() ? EMPTY_DOC : null);
    if (!doc) return "empty";
    const plainText = toPlainText(doc);
    if (characterCount(plainText) > MAX_MESSAGE_CHARACTERS) return "too_long";
    if (latest.current.onSubmit(doc, plainText, isChanged.current) !== false)
      editor.commands.clearContent(true);
    return "submitted";
  };
  const handlers = useRef<SendKeymapHandlers>({ onSubmit: () => submit() });
  handlers.current = {
    onSubmit: () => {
      const result = submit();
      latest.current.onSubmitResult?.(result);
    },
    onEscape: () => latest.current.onEscape?.() ?? false,
    onLinkRequest: () => setIsLinkOpen(true),
  };

  const editor = useEditor({
    immediatelyRender: false,
    extensions: messageExtensions({
      placeholder: options.placeholder ?? "",
      store,
      handlers,
      context,
    }),
    content: options.initialContent ?? "",
    autofocus: options.autofocus ? "end" : false,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-label": options.label,
        "aria-multiline": "true",
        class: "message-editor min-h-6 outline-none",
      },
      handlePaste: (_view, event) => {
        const files = [...(event.clipboardData?.files ?? [])];
        return files.length > 0 && (latest.current.onPasteFiles?.(files) ?? false);
      },
      transformPastedHTML: (html) =>
        sanitizePastedHtml(html, (id) =>
          id === EVERYONE
            ? context.current.canMentionEveryone
            : context.current.members.some((member) => member.id === id),
        ),
    },
    onUpdate: ({ editor: current }) => {
      isChanged.current = true;
      latest.current.onChange?.(current.isEmpty);
    },
  });
  editorRef.current = editor;

  const state = useEditorState({
    editor,
    selector: ({ editor: current }): MessageEditorState => {
      if (!current) return { isEmpty: true, characters: 0, isTooLong: false };
      const doc = composeDoc(current.getJSON());
      const characters = doc ? characterCount(toPlainText(doc)) : 0;
      return { isEmpty: doc === null, characters, isTooLong: characters > MAX_MESSAGE_CHARACTERS };
    },
  }) ?? { isEmpty: true, characters: 0, isTooLong: false };

  return { editor, store, state, submit, isLinkOpen, setIsLinkOpen };
}

export type MessageEditorHandle = ReturnType<typeof useMessageEditor>;
