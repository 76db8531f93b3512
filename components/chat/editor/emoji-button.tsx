"use client";

import type { Editor } from "@tiptap/react";
import { Smile } from "lucide-react";
import { useState } from "react";
import { EmojiPicker } from "@/components/emoji/emoji-picker";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { toolbarButtonClass } from "./formatting-toolbar";

/** "Emoji": the full picker (search, skin tones, recently used), inserting at the caret. */
export function EmojiButton({ editor }: { editor: Editor | null }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          type="button"
          aria-label="Emoji"
          title="Emoji"
          disabled={!editor}
          className={toolbarButtonClass}
        >
          <Smile aria-hidden className="size-4" />
        </button>
      </PopoverTrigger>
      <PopoverContent
        side="top"
        align="end"
        className="w-auto overflow-hidden p-0"
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          editor?.commands.focus();
        }}
      >
        <EmojiPicker
          onSelect={(emoji) => {
            editor?.chain().focus().insertContent(emoji).run();
            setOpen(false);
          }}
        />
      </PopoverContent>
    </Popover>
  );
}
