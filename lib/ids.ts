/**
 * The shape of every record id Parley accepts from outside (users, conversations, messages):
 * cuid2s and anything else URL-safe up to 64 characters. One pattern for route parameters,
 * request bodies, mentions and channel names.
 */
export const ID_SOURCE = "[A-Za-z0-9_-]{1,64}";
export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
