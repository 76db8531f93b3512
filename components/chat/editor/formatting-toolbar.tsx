"use client";

import { type Editor, useEditorState } from "@tiptap/react";
import {
  Bold,
  Code,
  Italic,
  List,
  ListOrdered,
  type LucideIcon,
  Quote,
  SquareCode,
  Strikethrough,
} from "lucide-react";
import type { KeyboardEvent, ReactNode } from "react";
import { cn } from "@/lib/utils";

interface Toggle {
  name: string;
  icon: LucideIcon;
  shortcut: string;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

const TOGGLES: Toggle[] = [
  {
    name: "Bold",
    icon: Bold,
    shortcut: "Mod+B",
    isActive: (e) => e.isActive("bold"),
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    name: "Italic",
    icon: Italic,
    shortcut: "Mod+I",
    isActive: (e) => e.isActive("italic"),
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  {
    name: "Strikethrough",
    icon: Strikethrough,
    shortcut: "Mod+Shift+S",
    isActive: (e) => e.isActive("strike"),
    run: (e) => e.chain().focus().toggleStrike().run(),
  },
  {
    name: "Inline code",
    icon: Code,
    shortcut: "Mod+E",
    isActive: (e) => e.isActive("code"),
    run: (e) => e.chain().focus().toggleCode().run(),
  },
  {
    name: "Code block",
    icon: SquareCode,
    shortcut: "Mod+Alt+C",
    isActive: (e) => e.isActive("codeBlock"),
    run: (e) => e.chain().focus().toggleCodeBlock().run(),
  },
  {
    name: "Bulleted list",
    icon: List,
    shortcut: "Mod+Shift+8",
    isActive: (e) => e.isActive("bulletList"),
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  {
    name: "Numbered list",
    icon: ListOrdered,
    shortcut: "Mod+Shift+7",
    isActive: (e) => e.isActive("orderedList"),
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  {
    name: "Quote",
    icon: Quote,
    shortcut: "Mod+Shift+B",
    isActive: (e) => e.isActive("blockquote"),
    run: (e) => e.chain().focus().toggleBlockquote().run(),
  },
];

export const toolbarButtonClass =
  "grid size-8 shrink-0 place-items-center rounded text-muted-foreground hover:bg-muted hover:text-foreground aria-pressed:bg-accent aria-pressed:text-accent-foreground disabled:opacity-50";

/** Arrow keys move between the toolbar's buttons, as in any toolbar. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button:not(:disabled)")];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (index < 0) return;
  event.preventDefault();
  const step = event.key === "ArrowRight" ? 1 : -1;
  buttons[(index + step + buttons.length) % buttons.length]?.focus();
}

/**
 * Formatting toggles that reflect the marks and blocks at the caret (aria-pressed). Buttons keep
 * the editor's selection: they act on pointer down without taking focus from it.
 */
export function FormattingToolbar({ editor, children }: { editor: Editor | null; children?: ReactNode }) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => TOGGLES.map((toggle) => (current ? toggle.isActive(current) : false)),
  });
  return (
    <div
      role="toolbar"
      aria-label="Formatting"
      onKeyDown={moveFocus}
      className="flex items-center gap-0.5 overflow-x-auto px-1 pt-1 [scrollbar-width:none]"
    >
      {TOGGLES.map((toggle, index) => (
        <button
          key={toggle.name}
          type="button"
          aria-label={toggle.name}
          aria-pressed={active?.[index] ?? false}
          aria-keyshortcuts={toggle.shortcut.replace("Mod", "Control")}
          title={`${toggle.name} (${toggle.shortcut.replace("Mod", "Ctrl")})`}
          disabled={!editor}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor && toggle.run(editor)}
          className={cn(toolbarButtonClass)}
        >
          <toggle.icon aria-hidden className="size-4" />
        </button>
      ))}
      {children}
    </div>
  );
}
