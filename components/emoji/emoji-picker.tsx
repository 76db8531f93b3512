"use client";

import { useTheme } from "next-themes";
import { type ComponentType, useEffect, useState } from "react";

// emoji-mart's picker and its data (~500 KB) load on first open, not with the page.
interface PickerProps {
  data: unknown;
  onEmojiSelect: (emoji: { native: string }) => void;
  theme: "light" | "dark";
  autoFocus?: boolean;
  previewPosition?: "none" | "top" | "bottom";
  skinTonePosition?: "none" | "search" | "preview";
  maxFrequentRows?: number;
}

let loaded: Promise<{ Picker: ComponentType<PickerProps>; data: unknown }> | undefined;

function loadPicker() {
  loaded ??= Promise.all([import("@emoji-mart/react"), import("@emoji-mart/data")]).then(
    ([picker, data]) => ({ Picker: picker.default as ComponentType<PickerProps>, data: data.default }),
  );
  return loaded;
}

/** The full emoji-mart picker (search, skin tones, recently used), themed like the app. */
export function EmojiPicker({ onSelect }: { onSelect: (emoji: string) => void }) {
  const { resolvedTheme } = useTheme();
  const [picker, setPicker] = useState<Awaited<ReturnType<typeof loadPicker>> | null>(null);
  useEffect(() => {
    let active = true;
    loadPicker().then((result) => {
      if (active) setPicker(result);
    });
    return () => {
      active = false;
    };
  }, []);
  if (!picker) {
    return (
      <div
        role="status"
        className="grid h-[435px] w-[352px] place-items-center text-sm text-muted-foreground"
      >
        Loading emoji…
      </div>
    );
  }
  const { Picker, data } = picker;
  return (
    <Picker
      data={data}
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      autoFocus
      previewPosition="none"
      skinTonePosition="search"
      maxFrequentRows={2}
      onEmojiSelect={(emoji) => onSelect(emoji.native)}
    />
  );
}
