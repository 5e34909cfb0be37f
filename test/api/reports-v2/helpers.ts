// Calls to Reports API v2 for the tests: JSON answers through the common `call` (which checks
// them), downloads raw.
import { call, type CallResult, type Credentials, type TestApp } from '../../helpers/app.js';

export const V2 = '/reports/api/v2';

/** The JSON reports and their exports, as `path` (with the query added by the test). */
export const JSON_ROUTES = ['weekly', 'details', 'summary', 'project'] as const;
export const EXPORT_ROUTES = JSON_ROUTES.flatMap((r) => [`${r}.csv`, `${r}.pdf`]);
export const ALL_ROUTES = [...JSON_ROUTES, ...EXPORT_ROUTES];

export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** GET a v2 route; exports answer CSV or PDF, which no swagger describes, so only JSON is checked. */
export async function v2get(t: TestApp, auth: Credentials, path: string, params: Record<string, string | number | undefined> = {}): Promise<CallResult> {
  const isExport = /\.(csv|pdf)$/.test(path);
  const res = await call(t, 'GET', `${V2}/${path}${query(params)}`, { auth, conform: !isExport });
  return res;
}

/** A download's raw bytes. */
export async function download(t: TestApp, token: string, path: string, params: Record<string, string | number | undefined>) {
  const res = await t.app.inject({
    method: 'GET',
    url: `${V2}/${path}${query(params)}`,
    headers: { authorization: 'Basic ' + Buffer.from(`${token}:api_token`).toString('base64') },
  });
  return { status: res.statusCode, headers: res.headers, payload: res.rawPayload, text: res.body };
}

export { parseCsv } from '../../helpers/report-periphery.js';

/** Asserts Reports v2's error envelope and returns its message. */
export function v2ErrorMessage(res: CallResult, status: number): string {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  const body = JSON.parse(res.text) as { error?: { message?: unknown; tip?: unknown; code?: unknown } };
  if (!body.error || typeof body.error.message !== 'string' || typeof body.error.tip !== 'string' || body.error.code !== status) {
    throw new Error(`not a v2 error envelope: ${res.text}`);
  }
  if (Object.keys(body).length !== 1 || Object.keys(body.error).length !== 3) throw new Error(`extra keys in the error: ${res.text}`);
  return body.error.message;
}
