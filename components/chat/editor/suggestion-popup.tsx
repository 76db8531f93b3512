"use client";

import type { Editor } from "@tiptap/react";
import { useEffect, useId, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { cn } from "@/lib/utils";
import type { SuggestionStore } from "./suggestion-store";

const LABELS = { emoji: "Emoji suggestions", mention: "Mention suggestions" } as const;

/**
 * The open suggestion as a listbox beside the caret (the suggestion plugin positions the element).
 * Focus stays in the editor: the active option is announced through aria-activedescendant.
 */
export function SuggestionPopup({ store, editor }: { store: SuggestionStore; editor: Editor | null }) {
  const open = useSyncExternalStore(store.subscribe, store.get, () => null);
  const listId = useId();
  const visible = open && open.items.length > 0 ? open : null;
  const activeId = visible ? `${listId}-${visible.activeIndex}` : null;

  useEffect(() => {
    const dom = editor?.isInitialized ? editor.view.dom : null;
    if (!dom) return;
    if (activeId) {
      dom.setAttribute("aria-controls", listId);
      dom.setAttribute("aria-activedescendant", activeId);
    } else {
      dom.removeAttribute("aria-controls");
      dom.removeAttribute("aria-activedescendant");
    }
  }, [editor, activeId, listId]);

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  if (!visible) return null;
  return createPortal(
    <div
      id={listId}
      role="listbox"
      aria-label={LABELS[visible.kind]}
      className="max-h-64 w-72 max-w-[calc(100vw-1rem)] overflow-y-auto rounded-md border border-border bg-card p-1 text-sm text-foreground shadow-lg"
    >
      {visible.items.map((item, index) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: keys stay in the editor, which moves the active option (aria-activedescendant) and picks it
        <div
          key={item.key}
          id={`${listId}-${index}`}
          role="option"
          tabIndex={-1}
          aria-selected={index === visible.activeIndex}
          // Keep focus (and the caret) in the editor while choosing with the pointer.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => visible.pick(item)}
          className={cn(
            "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5",
            index === visible.activeIndex && "bg-accent text-accent-foreground",
          )}
        >
          {item.leading ? (
            <span
              className={cn(
                "grid size-6 shrink-0 place-items-center",
                visible.kind === "emoji" ? "text-lg" : "rounded-full bg-muted text-xs font-semibold",
              )}
            >
              {item.leading}
            </span>
          ) : null}
          <span className="truncate">{item.label}</span>
          {item.detail ? (
            <span className="ml-auto truncate text-xs text-muted-foreground">{item.detail}</span>
          ) : null}
        </div>
      ))}
    </div>,
    visible.element,
  );
}
