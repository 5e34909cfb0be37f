// CSV, XLSX and PDF exports: real documents that read back with the documented content.
import zlib from 'node:zlib';
import { expectConformant } from '../../conformance/validator.js';
import { parseCsv } from '../../helpers/report-periphery.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { insertProject, smallReportWorkspace, unix, type SmallWorkspace } from '../../helpers/report-data.js';

let t: TestApp;
let owner: TestUser;
let ws: SmallWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Ada Example', timezone: 'Europe/Berlin' });
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
});
afterAll(async () => t.close());

const MARCH = { start_date: '2025-03-01', end_date: '2025-03-31' };

interface Download {
  status: number;
  headers: Record<string, unknown>;
  payload: Buffer;
}

/**
 * Files are read as raw bytes; the harness still checks each answer against the operation
 * (a file download where the swagger declares a string body, or the JSON error it documents).
 */
async function download(u: TestUser, op: string, body: unknown, wid = ws.workspaceId): Promise<Download> {
  const url = `/reports/api/v3/workspace/${wid}/${op}`;
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64'), 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  expectConformant({ method: 'POST', url, statusCode: res.statusCode, body: res.body, headers: res.headers });
  return { status: res.statusCode, headers: res.headers, payload: res.rawPayload };
}


/** WinAnsi bytes 0x80–0x9f that are not Latin-1 (the rest of WinAnsi is). */
const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };
const decodeWinAnsi = (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join('');

/** The text a PDF shows: pdfkit writes it as hex strings in TJ arrays of deflated content streams. */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const source = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) {
    const start = m.index + m[0].length;
    const end = source.indexOf('endstream', start);
    let content: string;
    try {
      content = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      out.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeWinAnsi(Buffer.from(h[1]!, 'hex'))).join(''));
    }
  }
  return out.join('\n');
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

describe('CSV', () => {
  it("exports the detailed report with Toggl's columns, BOM and values", async () => {
    const res = await download(owner, 'search/time_entries.csv', MARCH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="Stint_detailed_report_2025-03-01_2025-03-31.csv"');
    expect(res.payload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(res.payload.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['User', 'Email', 'Client', 'Project', 'Task', 'Description', 'Billable', 'Start date', 'Start time', 'End date', 'End time', 'Duration', 'Tags', 'Amount (USD)']);
    expect(rows.slice(1)).toEqual([
      ['Ada Example', owner.email, 'Acme', 'Alpha', 'Spec', 'Write spec', 'Yes', '2025-03-03', '09:00:00', '2025-03-03', '10:00:00', '01:00:00', 'x', '150.00'],
      ['Ada Example', owner.email, 'Acme', 'Alpha', '', 'Write spec', 'Yes', '2025-03-04', '09:00:00', '2025-03-04', '09:30:00', '00:30:00', 'x, y', '50.00'],
      ['Ada Example', owner.email, '', 'Beta', '', 'Review', 'No', '2025-03-04', '11:00:00', '2025-03-04', '11:45:00', '00:45:00', '', ''],
      ['Ada Example', owner.email, '', '', '', '', 'No', '2025-03-06', '00:30:00', '2025-03-06', '00:45:00', '00:15:00', '', ''],
    ]);
  });

  it('writes durations in the requested format', async () => {
    const decimal = parseCsv((await download(owner, 'search/time_entries.csv', { ...MARCH, duration_format: 'decimal' })).payload.toString('utf8').slice(1));
    expect(decimal.slice(1).map((r) => r[11])).toEqual(['1.00', '0.50', '0.75', '0.25']);
    const improved = parseCsv((await download(owner, 'search/time_entries.csv', { ...MARCH, duration_format: 'improved', hide_amounts: true })).payload.toString('utf8').slice(1));
    expect(improved.slice(1).map((r) => r[11])).toEqual(['1:00:00', '0:30:00', '0:45:00', '0:15:00']);
    expect(improved[0]).not.toContain('Amount (USD)');
  });

  it('exports the summary report', async () => {
    const res = await download(owner, 'summary/time_entries.csv', MARCH);
    expect(res.status).toBe(200);
    const rows = parseCsv(res.payload.toString('utf8').slice(1));
    expect(rows).toEqual([
      ['Project', 'Client', 'Description', 'Duration', 'Amount (USD)'],
      ['Alpha', 'Acme', 'Write spec', '01:30:00', '200.00'],
      ['Beta', '', 'Review', '00:45:00', '0.00'],
      ['Without project', '', '', '00:15:00', '0.00'],
    ]);
    const byUser = parseCsv((await download(owner, 'summary/time_entries.csv', { ...MARCH, grouping: 'users', sub_grouping: 'projects', order_by: 'duration', order_dir: 'DESC' })).payload.toString('utf8').slice(1));
    expect(byUser).toEqual([
      ['User', 'Project', 'Client', 'Duration', 'Amount (USD)'],
      ['Ada Example', 'Alpha', 'Acme', '01:30:00', '200.00'],
      ['Ada Example', 'Beta', '', '00:45:00', '0.00'],
      ['Ada Example', 'Without project', '', '00:15:00', '0.00'],
    ]);
  });

  it('exports the weekly report, in time or amounts', async () => {
    const rows = parseCsv((await download(owner, 'weekly/time_entries.csv', { start_date: '2025-03-03' })).payload.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['User', 'Project', 'Client', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', 'Total']);
    expect(rows[1]).toEqual(['Ada Example', 'Alpha', 'Acme', '01:00:00', '00:30:00', '00:00:00', '00:00:00', '00:00:00', '00:00:00', '00:00:00', '01:30:00']);
    expect(rows).toHaveLength(4);
    const amounts = parseCsv((await download(owner, 'weekly/time_entries.csv', { start_date: '2025-03-03', calculate: 'amounts', grouping: 'projects' })).payload.toString('utf8').slice(1));
    expect(amounts[0]!.slice(0, 3)).toEqual(['Project', 'Client', 'User']);
    expect(amounts[0]!.at(-1)).toBe('Total (USD)');
    expect(amounts[1]).toEqual(['Alpha', 'Acme', 'Ada Example', '150.00', '50.00', '0.00', '0.00', '0.00', '0.00', '0.00', '200.00']);
  });

  it('streams a long detailed export in batches without losing or repeating a row', async () => {
    const big = await createUser(t, { fullname: 'Bulk Tracker', timezone: 'UTC' });
    const project = await insertProject(t, big.workspaceId, 'Bulk', { rate: 36 });
    const count = 4500;
    const start = unix('2024-01-01T00:00:00Z');
    const rows = Array.from({ length: count }, (_, i) => ({
      workspace_id: big.workspaceId,
      user_id: big.user.id,
      project_id: project,
      description: `entry ${i}`,
      billable: 1,
      start: start + i * 3600,
      stop: start + i * 3600 + 100 + (i % 50),
      duration: 100 + (i % 50),
      created_at: 0,
      at: 0,
    }));
    for (let i = 0; i < rows.length; i += 500) await t.database.db.insertInto('time_entries').values(rows.slice(i, i + 500)).execute();
    const body = { start_date: '2024-01-01', end_date: '2024-12-31', order_by: 'description' };
    const res = await download(big, 'search/time_entries.csv', body, big.workspaceId);
    const parsed = parseCsv(res.payload.toString('utf8').slice(1)).slice(1);
    expect(parsed).toHaveLength(count);
    expect(new Set(parsed.map((r) => r[5])).size).toBe(count);
    expect(parsed.map((r) => r[5])).toEqual([...parsed.map((r) => r[5]!)].sort());
    const seconds = parsed.reduce((s, r) => {
      const [h, m, sec] = r[11]!.split(':').map(Number);
      return s + h! * 3600 + m! * 60 + sec!;
    }, 0);
    const totals = await big.api.post(`/reports/api/v3/workspace/${big.workspaceId}/search/time_entries/totals`, body);
    expect(seconds).toBe(totals.body.seconds);
    // Amounts are per entry in the CSV; their sum matches the totals within a cent per row.
    const cents = parsed.reduce((s, r) => s + Math.round(Number(r[13]) * 100), 0);
    expect(Math.abs(cents - totals.body.billable_amount_in_cents)).toBeLessThanOrEqual(count);

    // The keyset also resumes correctly on numeric keys, in both directions.
    for (const order of [{}, { order_by: 'duration', order_dir: 'DESC' }, { order_by: 'last_update' }]) {
      const again = parseCsv((await download(big, 'search/time_entries.csv', { ...body, ...order }, big.workspaceId)).payload.toString('utf8').slice(1)).slice(1);
      expect(again).toHaveLength(count);
      expect(new Set(again.map((r) => r[5])).size).toBe(count);
    }
    const byDate = parseCsv((await download(big, 'search/time_entries.csv', { start_date: '2024-01-01', end_date: '2024-12-31' }, big.workspaceId)).payload.toString('utf8').slice(1)).slice(1);
    expect(byDate.map((r) => `${r[7]} ${r[8]}`)).toEqual([...byDate.map((r) => `${r[7]} ${r[8]}`)].sort());

    const xlsx = await download(big, 'search/time_entries.xlsx', body, big.workspaceId);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.payload as never);
    expect(book.getWorksheet('Detailed report')!.rowCount).toBe(count + 1);
  });
});

describe('XLSX', () => {
  it('exports the detailed report with numeric durations and amounts', async () => {
    const res = await download(owner, 'search/time_entries.xlsx', MARCH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.payload as never);
    const sheet = book.getWorksheet('Detailed report')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'User', 'Email', 'Client', 'Project', 'Task', 'Description', 'Billable', 'Start date', 'Start time', 'End date', 'End time', 'Duration (h)', 'Tags', 'Amount (USD)']);
    const first = sheet.getRow(2);
    expect(first.getCell(6).value).toBe('Write spec');
    expect(first.getCell(12).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(12).value).toBe(1);
    expect(sheet.getRow(4).getCell(12).value).toBe(0.75);
    expect(first.getCell(14).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(14).value).toBe(150);
    expect(sheet.rowCount).toBe(5);
  });

  it('exports the summary report with a total row', async () => {
    const res = await download(owner, 'summary/time_entries.xlsx', MARCH);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.payload as never);
    const sheet = book.getWorksheet('Summary report')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Project', 'Client', 'Description', 'Duration (h)', 'Amount (USD)']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Alpha', 'Acme', 'Write spec', 1.5, 200]);
    expect(sheet.getRow(2).getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(2).getCell(5).type).toBe(ExcelJS.ValueType.Number);
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBe('Total');
    expect(last.getCell(4).value).toBe(2.5);
    expect(last.getCell(5).value).toBe(200);
  });
});

describe('PDF', () => {
  it('exports the summary report with title, period, filters, totals, chart and table', async () => {
    const res = await download(owner, 'summary/time_entries.pdf', { ...MARCH, project_ids: [ws.alpha, ws.beta, null] });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.payload.subarray(0, 4).toString()).toBe('%PDF');
    expect(res.payload.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pageCount(res.payload)).toBe(1);
    const text = pdfText(res.payload);
    for (const expected of ['Summary report', '03/01/2025 – 03/31/2025', 'Projects: Alpha, Beta, Without project', 'TOTAL', '02:30:00', 'Alpha', 'Acme', 'Write spec', 'Review', '200.00', '1 h']) {
      expect(text).toContain(expected);
    }
  });

  it('exports the detailed report over as many pages as it needs', async () => {
    const one = await download(owner, 'search/time_entries.pdf', { ...MARCH, date_format: 'YYYY-MM-DD', hour_format: 'h:mm A' });
    expect(one.status).toBe(200);
    expect(pageCount(one.payload)).toBe(1);
    const text = pdfText(one.payload);
    for (const expected of ['Detailed report', '2025-03-01 – 2025-03-31', 'Write spec', 'Alpha · Acme · Spec', '9:00 AM – 10:00 AM', '01:00:00', '150.00']) {
      expect(text).toContain(expected);
    }

    const many = await createUser(t, { fullname: 'Many Entries' });
    const rows = Array.from({ length: 200 }, (_, i) => ({
      workspace_id: many.workspaceId,
      user_id: many.user.id,
      description: `task ${i}`,
      start: unix('2025-03-01T00:00:00Z') + i * 600,
      stop: unix('2025-03-01T00:00:00Z') + i * 600 + 300,
      duration: 300,
      created_at: 0,
      at: 0,
    }));
    await t.database.db.insertInto('time_entries').values(rows).execute();
    const long = await download(many, 'search/time_entries.pdf', MARCH, many.workspaceId);
    expect(pageCount(long.payload)).toBeGreaterThan(3);
    const longText = pdfText(long.payload);
    expect(longText).toContain('task 0');
    expect(longText).toContain('task 199');
    expect(longText).toContain('page 2');
  });

  it('exports the weekly report', async () => {
    const res = await download(owner, 'weekly/time_entries.pdf', { start_date: '2025-03-03', date_format: 'DD.MM.YYYY' });
    expect(res.status).toBe(200);
    expect(pageCount(res.payload)).toBe(1);
    const text = pdfText(res.payload);
    for (const expected of ['Weekly report', '03.03.2025 – 09.03.2025', 'Mon 03.03', 'Ada Example', 'Alpha (Acme)', '01:30:00', '02:30:00']) {
      expect(text).toContain(expected);
    }
  });

  it('names the groups a report is filtered by, and only those of the workspace', async () => {
    const groups = `/api/v9/organizations/${owner.organizationId}/groups`;
    const team = await owner.api.post(groups, { name: 'Spec Team', users: [owner.user.id], workspaces: [ws.workspaceId] });
    const detached = await owner.api.post(groups, { name: 'Unattached', users: [owner.user.id] });
    const other = await createUser(t);
    const foreign = await other.api.post(`/api/v9/organizations/${other.organizationId}/groups`, { name: 'Foreign', workspaces: [other.workspaceId] });
    for (const res of [team, detached, foreign]) expect(res.status, res.text).toBe(200);
    const ids = [team.body.group_id, detached.body.group_id, foreign.body.group_id];
    const res = await download(owner, 'summary/time_entries.pdf', { ...MARCH, group_ids: ids });
    expect(res.status).toBe(200);
    const text = pdfText(res.payload);
    expect(text).toContain(`Groups: Spec Team, #${ids[1]}, #${ids[2]}`);
    expect(text).not.toContain('Foreign');
    expect(text).not.toContain('Unattached');
    const deleted = await owner.api.delete(`${groups}/${team.body.group_id}`);
    expect(deleted.status).toBe(200);
    expect(pdfText((await download(owner, 'summary/time_entries.pdf', { ...MARCH, group_ids: [ids[0]] })).payload)).toContain(`Groups: #${ids[0]}`);
  });

  it('keeps text outside the PDF standard fonts from breaking the page', async () => {
    const other = await createUser(t, { fullname: 'Łukasz 東京' });
    await t.database.db
      .insertInto('time_entries')
      .values({ workspace_id: other.workspaceId, user_id: other.user.id, description: 'Überprüfung — naïve 日本', start: unix('2025-03-03T09:00:00Z'), stop: unix('2025-03-03T10:00:00Z'), duration: 3600, created_at: 0, at: 0 })
      .execute();
    const res = await download(other, 'search/time_entries.pdf', MARCH, other.workspaceId);
    expect(res.status).toBe(200);
    expect(pdfText(res.payload)).toContain('Überprüfung — naïve ??');
  });
});
