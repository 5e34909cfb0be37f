import { describe, expect, it } from 'vitest';
import { CURRENCY, parseAmount, parseEmails, parseHours, passwordChange, requiredName } from './validate';

describe('form checks', () => {
  it('requires a name of at most 255 characters', () => {
    expect(requiredName('  ')).toBe('Name is required.');
    expect(requiredName('', 'Task name')).toBe('Task name is required.');
    expect(requiredName('x'.repeat(256))).toMatch(/too long/);
    expect(requiredName(' Acme ')).toBeNull();
  });

  it('reads amounts, empty as none, a comma as a decimal point', () => {
    expect(parseAmount('')).toEqual({ value: null, error: null });
    expect(parseAmount('12,5')).toEqual({ value: 12.5, error: null });
    expect(parseAmount('50')).toEqual({ value: 50, error: null });
    expect(parseAmount('-3').error).not.toBeNull();
    expect(parseAmount('ten').error).not.toBeNull();
  });

  it('reads estimates as whole positive hours', () => {
    expect(parseHours('40')).toEqual({ value: 40, error: null });
    expect(parseHours(' ')).toEqual({ value: null, error: null });
    expect(parseHours('1.5').error).not.toBeNull();
    expect(parseHours('0').error).not.toBeNull();
  });

  it('checks a password change before sending it', () => {
    expect(passwordChange('', 'secret12', 'secret12')).toMatch(/current/);
    expect(passwordChange('old-one', 'short', 'short')).toMatch(/6 characters/);
    expect(passwordChange('old-one', 'secret12', 'secret13')).toMatch(/do not match/);
    expect(passwordChange('secret12', 'secret12', 'secret12')).toMatch(/same/);
    expect(passwordChange('old-one', 'secret12', 'secret12')).toBeNull();
  });

  it('splits invitation addresses, dropping duplicates and reporting the invalid ones', () => {
    expect(parseEmails('ada@example.com, Grace@Example.com\nada@example.com; bob')).toEqual({
      emails: ['ada@example.com', 'grace@example.com'],
      invalid: ['bob'],
    });
    expect(parseEmails('  ')).toEqual({ emails: [], invalid: [] });
  });

  it('takes currencies as three capital letters', () => {
    expect(CURRENCY.test('EUR')).toBe(true);
    expect(CURRENCY.test('eur')).toBe(false);
    expect(CURRENCY.test('EURO')).toBe(false);
  });
});
