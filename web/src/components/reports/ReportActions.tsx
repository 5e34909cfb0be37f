import { useState, type FormEvent } from 'react';
import { downloadExport, exportPath, useSaveReport } from '../../api/reports';
import { ErrorMessage } from '../Status';
import type { ReportKind } from './filters';

interface Props {
  wid: number;
  kind: ReportKind;
  /** The body of the export: the report's filters and options. */
  exportBody: Record<string, unknown>;
  params: Record<string, unknown>;
  fixedDates: boolean;
  defaultName: string;
}

export function ReportActions({ wid, kind, exportBody, params, fixedDates, defaultName }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [sharing, setSharing] = useState(false);
  // Weekly exports as CSV and PDF only: the API has no weekly XLSX outside shared reports.
  const formats = kind === 'weekly' ? (['csv', 'pdf'] as const) : (['csv', 'pdf', 'xlsx'] as const);

  const run = async (ext: 'csv' | 'pdf' | 'xlsx') => {
    setBusy(ext);
    setExportError(null);
    try {
      await downloadExport(exportPath(wid, kind, ext), exportBody, `${kind}.${ext}`);
    } catch (err) {
      setExportError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="report-actions">
      <div className="report-export" role="group" aria-label="Export">
        {formats.map((ext) => (
          <button key={ext} type="button" className="btn" onClick={() => void run(ext)} disabled={busy !== null} aria-label={`Export as ${ext.toUpperCase()}`}>
            {busy === ext ? '…' : ext.toUpperCase()}
          </button>
        ))}
      </div>
      <button type="button" className="btn btn-primary" aria-expanded={sharing} onClick={() => setSharing((s) => !s)}>
        Save and share
      </button>
      {exportError !== null && <ErrorMessage error={exportError} title="The export failed" />}
      {sharing && <ShareForm wid={wid} params={params} fixedDates={fixedDates} defaultName={defaultName} />}
    </div>
  );
}

function ShareForm({ wid, params, fixedDates, defaultName }: { wid: number; params: Record<string, unknown>; fixedDates: boolean; defaultName: string }) {
  const [name, setName] = useState(defaultName);
  const [isPublic, setPublic] = useState(true);
  const [copied, setCopied] = useState(false);
  const save = useSaveReport(wid);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name: name.trim() || defaultName, public: isPublic, fixed_daterange: fixedDates, params });
  };
  const link = save.data ? `${window.location.origin}/shared/${save.data.token}` : null;
  return (
    <form className="share card" onSubmit={submit}>
      <label className="field">
        Report name
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="rf-option">
        <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />
        Anyone with the link can view it, without logging in
      </label>
      <p className="muted small">
        {fixedDates ? 'The link shows the dates chosen here.' : 'The link shows the same period (this week, this month…) whenever it is opened.'}
      </p>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save report'}
      </button>
      {save.error && <ErrorMessage error={save.error} title="The report was not saved" />}
      {link && (
        <div className="share-link">
          <label className="field">
            {save.data!.public ? 'Public link' : 'Link (for you and workspace admins)'}
            <input className="input" readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
          </label>
          <button
            type="button"
            className="btn"
            onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <a className="btn" href={link} target="_blank" rel="noreferrer">
            Open
          </a>
        </div>
      )}
    </form>
  );
}
