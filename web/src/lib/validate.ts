/** Form checks done before asking the API, each answering a readable message or null. */

export function requiredName(value: string, what = 'Name'): string | null {
  const v = value.trim();
  if (!v) return `${what} is required.`;
  if (v.length > 255) return `${what} is too long (255 characters at most).`;
  return null;
}

/** An optional non-negative amount: '' means none (null); commas read as decimal points. */
export function parseAmount(value: string): { value: number | null; error: string | null } {
  const v = value.trim().replace(',', '.');
  if (v === '') return { value: null, error: null };
  if (!/^\d+(\.\d+)?$/.test(v)) return { value: null, error: 'Enter a number, such as 50 or 12.5.' };
  return { value: Number(v), error: null };
}

/** Toggl keeps estimates in whole hours. */
export function parseHours(value: string): { value: number | null; error: string | null } {
  const v = value.trim();
  if (v === '') return { value: null, error: null };
  if (!/^\d+$/.test(v) || Number(v) <= 0) return { value: null, error: 'Enter whole hours, such as 40.' };
  return { value: Number(v), error: null };
}

export function passwordChange(current: string, next: string, confirm: string): string | null {
  if (!current) return 'Enter your current password.';
  if (next.length < 6) return 'The new password needs at least 6 characters.';
  if (next !== confirm) return 'The new passwords do not match.';
  if (next === current) return 'The new password is the same as the current one.';
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Addresses separated by commas, spaces or lines; answers the valid ones and the rest. */
export function parseEmails(text: string): { emails: string[]; invalid: string[] } {
  const parts = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const emails = [...new Set(parts.filter((p) => EMAIL.test(p)).map((p) => p.toLowerCase()))];
  return { emails, invalid: parts.filter((p) => !EMAIL.test(p)) };
}

export const CURRENCY = /^[A-Z]{3}$/;
