import type { SuggestionItem } from "./suggestion-store";

// emoji-mart's search index and data (~500 KB) load on the first `:` query, not with the page.

interface EmojiMartEmoji {
  id: string;
  name: string;
  skins: { native: string }[];
}

interface EmojiSearch {
  search: (query: string, options: { maxResults: number }) => Promise<EmojiMartEmoji[] | null | undefined>;
  get: (id: string) => EmojiMartEmoji | undefined;
}

let loading: Promise<EmojiSearch> | undefined;
let loaded: EmojiSearch | undefined;

function loadSearch(): Promise<EmojiSearch> {
  loading ??= Promise.all([import("emoji-mart"), import("@emoji-mart/data")]).then(async ([mart, data]) => {
    await mart.init({ data: data.default });
    loaded = mart.SearchIndex as unknown as EmojiSearch;
    return loaded;
  });
  return loading;
}

function toItem(emoji: EmojiMartEmoji): SuggestionItem | null {
  const native = emoji.skins[0]?.native;
  return native ? { key: emoji.id, label: `:${emoji.id}:`, leading: native, detail: emoji.name } : null;
}

/** Up to `limit` emoji whose shortcode or keywords match what follows the `:`. */
export async function searchEmoji(query: string, limit = 8): Promise<SuggestionItem[]> {
  const search = await loadSearch();
  const results = (await search.search(query, { maxResults: limit })) ?? [];
  return results.map(toItem).filter((item): item is SuggestionItem => item !== null);
}

/** The emoji for an exact shortcode, once the index has loaded (null before, or when unknown). */
export function emojiForShortcode(shortcode: string): string | null {
  return loaded?.get(shortcode)?.skins[0]?.native ?? null;
}
