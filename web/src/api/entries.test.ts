import { afterEach, describe, expect, it, vi } from 'vitest';
import { entriesInRange } from './queries';

afterEach(() => vi.unstubAllGlobals());

const entry = (id: number, day: string) => ({ id, start: `${day}T09:00:00Z`, stop: `${day}T10:00:00Z`, duration: 3600 });

describe('entriesInRange', () => {
  it("asks day by day when the week's answer is cut at v9's cap of 1000", async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const q = new URL(url, 'http://x').searchParams;
      calls.push(`${q.get('start_date')}..${q.get('end_date')}`);
      const day = q.get('start_date')!;
      const body = q.get('start_date') !== q.get('end_date') ? Array.from({ length: 1000 }, (_, i) => entry(i, '2026-03-08')) : day === '2026-03-03' ? [entry(5000, day), entry(1, day)] : [];
      return new Response(JSON.stringify(body), { status: 200 });
    });
    const list = await entriesInRange('2026-03-02', '2026-03-08');
    expect(calls).toEqual(['2026-03-02..2026-03-08', ...['02', '03', '04', '05', '06', '07', '08'].map((d) => `2026-03-${d}..2026-03-${d}`)]);
    expect(list.map((e) => e.id)).toEqual([5000, 1]);
  });

  it('keeps a short answer as it is', async () => {
    let n = 0;
    vi.stubGlobal('fetch', async () => {
      n++;
      return new Response(JSON.stringify([entry(1, '2026-03-02')]), { status: 200 });
    });
    expect(await entriesInRange('2026-03-02', '2026-03-08')).toHaveLength(1);
    expect(n).toBe(1);
  });
});
