import { IANAZone } from 'luxon';

// Shared input rules, so every skin rejects the same values with the same words.
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]{2,}$/;

export function isValidEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}

// Checking a zone builds an Intl formatter, which is slow; the set of zone names is small and
// fixed, so each answer is kept (bounded, in case of garbage input).
const zoneAnswers = new Map<string, boolean>();

export function isValidTimezone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  let ok = zoneAnswers.get(value);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(value);
    if (zoneAnswers.size < 2000) zoneAnswers.set(value, ok);
  }
  return ok;
}

export const MIN_PASSWORD_LENGTH = 6;
export const PASSWORD_TOO_SHORT = 'Password should be at least 6 characters';

export function isPositiveId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Trims and checks a display name: non-empty, bounded, no control characters. */
export function cleanName(value: unknown, max = 255): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || trimmed.length > max || /[\u0000-\u001f]/.test(trimmed)) return null;
  return trimmed;
}
