/** The `fields` of a v8 request (`"done_seconds,uname"`) as a set of names. */
export function requestedFields(raw: string | undefined): Set<string> {
  return new Set((raw ?? '').split(',').map((f) => f.trim()).filter((f) => f !== ''));
}
