/**
 * Durations as people type them, into seconds. Accepted (case and spaces do not matter):
 * - units: `1h30`, `1h 30m`, `90m`, `90 min`, `2h`, `45s`, `1h30m15s`
 * - clock: `1:30` (h:mm), `1:30:15` (h:mm:ss)
 * - decimal hours: `1.5`, `1,5`, `.25`
 * - a whole number alone is minutes (`90`), as in Toggl's duration field.
 * Anything else is null, so a caller can say the input was not understood instead of guessing.
 */
export function parseDuration(input: string): number | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return null;

  const clock = /^(\d+):([0-5]?\d)(?::([0-5]?\d))?$/.exec(text);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);

  const decimal = /^(\d*)[.,](\d+)$/.exec(text);
  if (decimal) return Math.round(Number(`${decimal[1] || '0'}.${decimal[2]}`) * 3600);

  if (/^\d+$/.test(text)) return Number(text) * 60;

  return parseUnits(text);
}

const UNIT_SECONDS = { h: 3600, m: 60, s: 1 } as const;
const TOKEN = /(\d+(?:[.,]\d+)?) ?(h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)? ?/y;

/**
 * `1h30m15s` and the like: units in falling order, each at most once. A last number without a
 * unit takes the next smaller one (`1h30` is 1 h 30 min), as people write it.
 */
function parseUnits(text: string): number | null {
  TOKEN.lastIndex = 0;
  let total = 0;
  let previous = 0; // seconds of the last unit read; 0 before the first
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) return null;
    const value = Number(m[1]!.replace(',', '.'));
    let unit: number;
    if (m[2]) unit = UNIT_SECONDS[m[2][0] as keyof typeof UNIT_SECONDS];
    else if (TOKEN.lastIndex === text.length && previous > 1) unit = previous / 60;
    else return null;
    if (previous !== 0 && unit >= previous) return null;
    total += value * unit;
    previous = unit;
  }
  return Math.round(total);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** h:mm:ss, hours unbounded (`26:03:09`); negative durations are shown as zero. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/**
 * In the user's duration_format preference: `decimal` is hours with two decimals (`1.50 h`);
 * `classic` and `improved` both read h:mm:ss here, Toggl's "improved" form.
 */
export function formatDurationAs(seconds: number, format: string | undefined): string {
  if (format === 'decimal') return `${(Math.max(0, seconds) / 3600).toFixed(2)} h`;
  return formatDuration(seconds);
}
