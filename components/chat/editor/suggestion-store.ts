import type { SuggestionKeyDownProps, SuggestionOptions, SuggestionProps } from "@tiptap/suggestion";
import type { SuggestionItem } from "@/lib/chat/client/mention-items";

// One small store per editor holds the open suggestion popup (emoji or mention), so React renders
// it as a listbox while the tiptap suggestion plugin decides when it opens, where, and what it
// lists. Keys reach the list through the plugin, which runs before the editor's own keymap.

export type SuggestionKind = "emoji" | "mention";

export type { SuggestionItem };

export interface OpenSuggestion {
  kind: SuggestionKind;
  element: HTMLElement;
  items: SuggestionItem[];
  activeIndex: number;
  pick: (item: SuggestionItem) => void;
}

export interface SuggestionStore {
  get: () => OpenSuggestion | null;
  subscribe: (listener: () => void) => () => void;
  /** True while a popup lists something: Enter picks from it instead of sending. */
  isShowingItems: () => boolean;
  render: (kind: SuggestionKind) => NonNullable<SuggestionOptions["render"]>;
}

export function createSuggestionStore(): SuggestionStore {
  let open: OpenSuggestion | null = null;
  const listeners = new Set<() => void>();
  const set = (next: OpenSuggestion | null) => {
    open = next;
    for (const listener of listeners) listener();
  };

  const render = (kind: SuggestionKind) => () => {
    let unmount: (() => void) | undefined;
    const show = (props: SuggestionProps<SuggestionItem, SuggestionItem>, element: HTMLElement) => {
      // While the next results load, the previous ones stay up rather than flicker away.
      const items = props.loading && open?.kind === kind ? open.items : props.items;
      const activeIndex = open?.kind === kind ? Math.min(open.activeIndex, items.length - 1) : 0;
      set({ kind, element, items, activeIndex: Math.max(0, activeIndex), pick: props.command });
    };
    return {
      onStart: (props: SuggestionProps<SuggestionItem, SuggestionItem>) => {
        const element = document.createElement("div");
        element.className = "z-50";
        unmount = props.mount(element);
        show(props, element);
      },
      onUpdate: (props: SuggestionProps<SuggestionItem, SuggestionItem>) => {
        if (open?.kind === kind) show(props, open.element);
      },
      onExit: () => {
        unmount?.();
        unmount = undefined;
        if (open?.kind === kind) set(null);
      },
      onKeyDown: ({ event }: SuggestionKeyDownProps) => {
        if (open?.kind !== kind || open.items.length === 0) return false;
        const { items, activeIndex } = open;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          const step = event.key === "ArrowDown" ? 1 : -1;
          set({ ...open, activeIndex: (activeIndex + step + items.length) % items.length });
          return true;
        }
        if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
          const item = items[activeIndex];
          if (item) open.pick(item);
          return true;
        }
        return false;
      },
    };
  };

  return {
    get: () => open,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isShowingItems: () => (open?.items.length ?? 0) > 0,
    render,
  };
}
