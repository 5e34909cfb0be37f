import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { parseIdList, parsePatch, patchValue, type PatchField } from '../../src/domain/json-patch.js';

const fields: Record<string, PatchField> = {
  active: { ops: ['add', 'replace'], parse: patchValue.boolean('active') },
  rate: { ops: ['replace', 'remove'], parse: patchValue.numberOrNull('rate') },
};

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).message;
  }
  throw new Error('expected a DomainError');
}

describe('parsePatch', () => {
  it('turns operations into field changes; remove means null', () => {
    expect(
      parsePatch(
        [
          { op: 'add', path: '/active', value: true },
          { op: 'remove', path: '/rate' },
        ],
        fields,
      ),
    ).toEqual([
      { field: 'active', value: true },
      { field: 'rate', value: null },
    ]);
  });

  it.each([
    [[], 'No patchable fields defined'],
    [{}, 'No patchable fields defined'],
    [['x'], 'Invalid JSON input'],
    [[{ op: 'copy', path: '/active' }], 'Invalid op: copy'],
    [[{ path: '/active' }], 'Invalid op: '],
    [[{ op: 'add', path: '/a/b', value: 1 }], 'Invalid path format: /a/b'],
    [[{ op: 'add', path: '/constructor', value: 1 }], 'Path not found: /constructor'],
    [[{ op: 'add', path: '/rate', value: 1 }], 'Operation not supported (add /rate)'],
    [[{ op: 'replace', path: '/rate', value: 'x' }], '/rate expects an float64 or null'],
    [Array.from({ length: 101 }, () => ({ op: 'add', path: '/active', value: true })), 'Too many operations (more than 100 patches in request)'],
  ])('refuses %j', (ops, expected) => {
    expect(message(() => parsePatch(ops, fields))).toBe(expected);
  });
});

describe('parseIdList', () => {
  it('parses and deduplicates ids in order', () => {
    expect(parseIdList('3,1,3', 'bad')).toEqual([3, 1]);
  });

  it.each([
    ['', 'bad'],
    ['1,,2', 'bad'],
    ['0', 'bad'],
    ['-1', 'bad'],
    ['1.5', 'bad'],
    [Array.from({ length: 101 }, (_, i) => i + 1).join(','), 'PATCH request is limited to 100 entries at once'],
  ])('refuses %j', (raw, expected) => {
    expect(message(() => parseIdList(raw, 'bad'))).toBe(expected);
  });
});
