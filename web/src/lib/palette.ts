/** Toggl's project colours, in the order its colour picker offers them. */
export const PROJECT_COLORS = [
  '#0b83d9', '#9e5bd9', '#d94182', '#e36a00', '#bf7000', '#2da608', '#06a893',
  '#c9806b', '#465bb3', '#990099', '#c7af14', '#566614', '#d92b2b', '#525266',
] as const;

export const COLOR_NAMES: Record<string, string> = {
  '#0b83d9': 'Blue', '#9e5bd9': 'Purple', '#d94182': 'Pink', '#e36a00': 'Orange', '#bf7000': 'Amber',
  '#2da608': 'Green', '#06a893': 'Teal', '#c9806b': 'Peach', '#465bb3': 'Indigo', '#990099': 'Magenta',
  '#c7af14': 'Gold', '#566614': 'Olive', '#d92b2b': 'Red', '#525266': 'Grey',
};

const HEX = /^#[0-9a-f]{6}$/i;

export const isHexColor = (c: string): boolean => HEX.test(c);

/** A colour name for screen readers; a colour outside the palette reads as its hex code. */
export const colorName = (c: string): string => COLOR_NAMES[c.toLowerCase()] ?? c.toLowerCase();

/**
 * The colour a new project gets: the first palette colour no project uses yet, so a fresh
 * workspace's projects differ, then round the palette by how many there are.
 */
export function nextColor(used: readonly string[]): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  return PROJECT_COLORS.find((c) => !taken.has(c)) ?? PROJECT_COLORS[used.length % PROJECT_COLORS.length]!;
}
