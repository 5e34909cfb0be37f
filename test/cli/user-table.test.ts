import { describe, expect, it } from 'vitest';
import { formatUserList } from '../../src/cli/user-table.js';

describe('stint user list output', () => {
  it('is a table with one row per user, times in UTC to the minute', () => {
    const at = Date.UTC(2025, 2, 4, 9, 30, 15);
    const text = formatUserList([
      { id: 1, email: 'ann@example.com', fullname: 'Ann', created_at: at, last_seen_at: at + 3600_000, disabled_at: null },
      { id: 12, email: 'bo@example.com', fullname: '', created_at: at, last_seen_at: null, disabled_at: at + 86_400_000 },
    ]);
    expect(text.split('\n')).toEqual([
      'id  email            name  created            last seen          disabled',
      '--  ---------------  ----  -----------------  -----------------  -----------------------',
      '1   ann@example.com  Ann   2025-03-04 09:30Z  2025-03-04 10:30Z  no',
      '12  bo@example.com         2025-03-04 09:30Z  never              since 2025-03-05 09:30Z',
    ]);
  });

  it('says so when there are no users', () => {
    expect(formatUserList([])).toBe('No users.');
  });
});
