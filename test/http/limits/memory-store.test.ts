import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/http/limits/memory-store.js';

const T0 = 1_700_000_000_000;

describe('memory store: leaky bucket', () => {
  it('admits the burst, refuses the next with the time until one request leaks out, then admits again', async () => {
    const store = new MemoryStore();
    const rule = { perSecond: 2, burst: 3 };
    for (let i = 0; i < 3; i++) expect((await store.bucket('k', rule, T0)).allowed).toBe(true);
    const refused = await store.bucket('k', rule, T0);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 500 });
    expect((await store.bucket('k', rule, T0 + 499)).allowed).toBe(false);
    expect((await store.bucket('k', rule, T0 + 500)).allowed).toBe(true);
    expect((await store.bucket('k', rule, T0 + 500)).allowed).toBe(false);
    // A drained bucket takes a full burst again.
    for (let i = 0; i < 3; i++) expect((await store.bucket('k', rule, T0 + 10_000)).allowed).toBe(true);
    expect((await store.bucket('k', rule, T0 + 10_000)).allowed).toBe(false);
  });

  it('keeps keys apart', async () => {
    const store = new MemoryStore();
    const rule = { perSecond: 1, burst: 1 };
    expect((await store.bucket('a', rule, T0)).allowed).toBe(true);
    expect((await store.bucket('a', rule, T0)).allowed).toBe(false);
    expect((await store.bucket('b', rule, T0)).allowed).toBe(true);
  });
});

describe('memory store: window', () => {
  const rule = { limit: 2, windowMs: 60_000, consume: true, enforce: true };

  it('starts with its first request, refuses past the limit, and resets when the window ends', async () => {
    const store = new MemoryStore();
    expect(await store.window('w', { ...rule, consume: false }, T0)).toEqual({ allowed: true, count: 0, resetsInMs: 60_000 });
    expect(await store.window('w', rule, T0 + 1000)).toEqual({ allowed: true, count: 1, resetsInMs: 60_000 });
    expect(await store.window('w', rule, T0 + 2000)).toEqual({ allowed: true, count: 2, resetsInMs: 59_000 });
    expect(await store.window('w', rule, T0 + 3000)).toEqual({ allowed: false, count: 2, resetsInMs: 58_000 });
    expect(await store.window('w', rule, T0 + 61_000)).toEqual({ allowed: true, count: 1, resetsInMs: 60_000 });
  });

  it('counts past the limit when not enforced', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 3; i++) await store.window('w', { ...rule, enforce: false }, T0);
    expect(await store.window('w', { ...rule, consume: false, enforce: false }, T0)).toMatchObject({ allowed: true, count: 3 });
  });

  it('forgets a cleared key', async () => {
    const store = new MemoryStore();
    await store.window('w', rule, T0);
    await store.clear('w');
    expect((await store.window('w', { ...rule, consume: false }, T0)).count).toBe(0);
  });
});

describe('memory store: bounded size', () => {
  it('never holds more keys than its bound, dropping the least recently used', async () => {
    const store = new MemoryStore(100);
    const rule = { perSecond: 1, burst: 10 };
    for (let i = 0; i < 10_000; i++) await store.bucket(`ip-${i}`, rule, T0);
    expect(store.size).toBeLessThanOrEqual(100);
    // The most recent keys are still limited.
    for (let i = 1; i < 10; i++) await store.bucket('ip-9999', rule, T0);
    expect((await store.bucket('ip-9999', rule, T0)).allowed).toBe(false);
  });

  it('lets idle keys expire: a flood spread over time keeps only the live ones', async () => {
    const store = new MemoryStore(1_000_000);
    const rule = { perSecond: 10, burst: 10 };
    // One request per distinct IP every millisecond: each bucket drains after 100 ms.
    for (let i = 0; i < 20_000; i++) await store.bucket(`ip-${i}`, rule, T0 + i);
    expect(store.size).toBeLessThan(200);
  });
});
