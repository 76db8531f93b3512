"use client";

import { EditorContent } from "@tiptap/react";
import { useEffect } from "react";
import { MAX_MESSAGE_CHARACTERS } from "@/lib/chat/body/schema";
import { cn } from "@/lib/utils";
import "./message-editor.css";
import { SuggestionPopup } from "./suggestion-popup";
import type { MessageEditorHandle } from "./use-message-editor";

/** The editable area with its suggestion popups; the toolbar and buttons are the caller's. */
export function MessageEditor({
  handle,
  errorId,
  className,
}: {
  handle: MessageEditorHandle;
  /** Id for the over-limit message, so the caller can point aria-describedby at it. */
  errorId: string;
  className?: string;
}) {
  const { editor, store, state } = handle;
  const { isTooLong } = state;
  useEffect(() => {
    const dom = editor?.isInitialized ? editor.view.dom : null;
    if (!dom) return;
    if (isTooLong) {
      dom.setAttribute("aria-invalid", "true");
      dom.setAttribute("aria-describedby", errorId);
    } else {
      dom.removeAttribute("aria-invalid");
      dom.removeAttribute("aria-describedby");
    }
  }, [editor, isTooLong, errorId]);
  return (
    <>
      {editor ? (
        <EditorContent editor={editor} className={cn("min-w-0 flex-1 overflow-y-auto text-sm", className)} />
      ) : (
        // Server render and first paint: the same box, so nothing jumps when the editor mounts.
        <div className={cn("min-w-0 flex-1 text-sm", className)} aria-hidden>
          <div className="min-h-6" />
        </div>
      )}
      <SuggestionPopup store={store} editor={editor} />
      {state.isTooLong ? (
        <p id={errorId} role="alert" className="basis-full px-1 text-xs text-danger">
          Messages can be at most {MAX_MESSAGE_CHARACTERS.toLocaleString("en")} characters (
          {state.characters.toLocaleString("en")} now).
        </p>
      ) : null}
    </>
  );
}
