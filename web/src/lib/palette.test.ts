import { describe, expect, it } from 'vitest';
import { PROJECT_COLORS, colorName, isHexColor, nextColor } from './palette';

describe('project palette', () => {
  it("holds Toggl's 14 colours, all distinct hex codes, each with a name", () => {
    expect(PROJECT_COLORS).toHaveLength(14);
    expect(new Set(PROJECT_COLORS).size).toBe(14);
    for (const c of PROJECT_COLORS) {
      expect(isHexColor(c)).toBe(true);
      expect(colorName(c)).not.toBe(c);
    }
  });

  it('names a colour outside the palette by its code, whatever its case', () => {
    expect(colorName('#0B83D9')).toBe('Blue');
    expect(colorName('#ABCDEF')).toBe('#abcdef');
    expect(isHexColor('#abc')).toBe(false);
  });

  it('gives a new project the first colour no project uses, then goes round', () => {
    expect(nextColor([])).toBe('#0b83d9');
    expect(nextColor(['#0B83D9', '#d94182'])).toBe('#9e5bd9');
    const all = [...PROJECT_COLORS];
    expect(nextColor(all)).toBe(PROJECT_COLORS[0]);
    expect(nextColor([...all, '#123456'])).toBe(PROJECT_COLORS[1]);
  });
});
