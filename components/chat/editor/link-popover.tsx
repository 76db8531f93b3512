"use client";

import { type Editor, useEditorState } from "@tiptap/react";
import { Link2 } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { safeHref } from "@/lib/chat/body/link-href";
import { toolbarButtonClass } from "./formatting-toolbar";

/** What people type: a bare domain means https, an address means mailto. */
function hrefFromInput(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return safeHref(value);
  return safeHref(value.includes("@") && !value.includes("/") ? `mailto:${value}` : `https://${value}`);
}

/**
 * The toolbar's "Link" toggle and its small form (Mod+K opens it too). With a selection it links
 * the selection; on a link it edits or removes it; with nothing selected it inserts the URL.
 */
export function LinkPopover({
  editor,
  open,
  onOpenChange,
}: {
  editor: Editor | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const isActive = useEditorState({ editor, selector: ({ editor: e }) => e?.isActive("link") ?? false });

  // Opened from the button or with Mod+K: start from the link at the caret, if any.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open && editor) {
      setValue(editor.getAttributes("link").href ?? "");
      setError(null);
    }
  }

  const apply = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!editor) return;
    const href = hrefFromInput(value);
    if (!href) {
      setError("Enter a web address (http or https) or an email address.");
      return;
    }
    const chain = editor.chain().focus().extendMarkRange("link");
    if (editor.state.selection.empty && !editor.isActive("link")) {
      chain
        .insertContent({ type: "text", text: value.trim(), marks: [{ type: "link", attrs: { href } }] })
        .unsetMark("link")
        .run();
    } else {
      chain.setLink({ href }).run();
    }
    onOpenChange(false);
  };
  const remove = () => {
    editor?.chain().focus().extendMarkRange("link").unsetLink().run();
    onOpenChange(false);
  };

  return (
    <Popover open={open} onOpenChange={onOpenChange}>
      <PopoverTrigger asChild>
        <button
          type="button"
          aria-label="Link"
          aria-pressed={isActive ?? false}
          aria-keyshortcuts="Control+K"
          title="Link (Ctrl+K)"
          disabled={!editor}
          onMouseDown={(event) => event.preventDefault()}
          className={toolbarButtonClass}
        >
          <Link2 aria-hidden className="size-4" />
        </button>
      </PopoverTrigger>
      <PopoverContent
        side="top"
        align="start"
        className="w-80 max-w-[calc(100vw-1rem)] p-3"
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          editor?.commands.focus();
        }}
      >
        <form onSubmit={apply} className="space-y-2">
          <label htmlFor={inputId} className="text-sm font-medium">
            Link URL
          </label>
          <input
            id={inputId}
            type="text"
            inputMode="url"
            autoComplete="off"
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            placeholder="https://example.com"
            className="h-9 w-full rounded-md border border-border bg-background px-2 text-sm"
          />
          {error ? (
            <p id={errorId} role="alert" className="text-xs text-danger">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            {isActive ? (
              <Button variant="ghost" size="sm" onClick={remove}>
                Remove link
              </Button>
            ) : null}
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}
