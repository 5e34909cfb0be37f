import type { UserListing } from '../domain/users/users.types.js';

/** Minutes are enough for an operator, and UTC keeps the output the same on every machine. */
function when(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

/** Left-aligned columns under a header; a plain text table that reads well in a terminal and greps. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `stint user list`. "Last seen" is written at most every few minutes, so it is that approximate. */
export function formatUserList(users: UserListing[]): string {
  if (users.length === 0) return 'No users.';
  return formatTable(
    ['id', 'email', 'name', 'created', 'last seen', 'disabled'],
    users.map((u) => [
      String(u.id),
      u.email,
      u.fullname,
      when(u.created_at),
      u.last_seen_at === null ? 'never' : when(u.last_seen_at),
      u.disabled_at === null ? 'no' : `since ${when(u.disabled_at)}`,
    ]),
  );
}
