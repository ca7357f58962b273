import { useCallback, useEffect, useState } from 'react';
import type { ImportBatchStatus } from '../../shared/api/archive';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';

const POLL_MS = 800;

const isActive = (batch: ImportBatchStatus) => batch.status === 'running' || batch.status === 'interrupting';

/** A refusal of the manifest names what is wrong with it (the columns), as the server said. */
function refusalText(error: ApiError, t: ReturnType<typeof useI18n>['t']): string {
  const columns = (error.issues ?? []).map((issue) => issue.path).filter((path) => path !== 'folder' && path !== 'manifest');
  const message = errorMessage(error, t);
  return columns.length > 0 ? `${message} (${columns.join(', ')})` : message;
}

function BatchCard({ batch, onChanged }: { batch: ImportBatchStatus; onChanged(batch: ImportBatchStatus): void }) {
  const { t, format } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const percent = batch.totalRows === 0 ? 100 : Math.round((batch.processed / batch.totalRows) * 100);
  const act = async (channel: 'archive/interruptImport' | 'archive/resumeImport') => {
    const result = await call(channel, { batchId: batch.id });
    if (result.ok) {
      setError(null);
      onChanged(result.data);
    } else setError(result.error);
  };
  return (
    <article className="archive-batch" data-testid="archive-import-batch" data-status={batch.status} data-batch={batch.id}>
      <header className="archive-batch-head">
        <strong>{batch.manifest}</strong>
        <span className="cell-mono archive-batch-folder" title={batch.folder}>
          {batch.folder}
        </span>
        <span className={`pill archive-batch-status archive-batch-${batch.status}`} data-testid="archive-import-status">
          {t(`archive.import.status.${batch.status}`)}
        </span>
      </header>
      <div
        className="archive-progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={batch.totalRows}
        aria-valuenow={batch.processed}
        aria-label={batch.manifest}
      >
        <div className="archive-progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="archive-batch-counts" data-testid="archive-import-progress">
        {t('archive.import.progress', {
          processed: format.number(batch.processed),
          total: format.number(batch.totalRows),
          imported: format.number(batch.imported),
          duplicates: format.number(batch.duplicates),
          rejected: format.number(batch.rejected),
        })}{' '}
        <span className="cell-muted">{t('archive.import.startedBy', { at: format.dateTime(batch.startedAt), by: batch.startedBy })}</span>
      </p>
      <div className="archive-batch-actions">
        {batch.status === 'running' && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="archive-import-interrupt"
            onClick={() => void act('archive/interruptImport')}
          >
            {t('archive.import.interrupt')}
          </button>
        )}
        {batch.status === 'interrupted' && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="archive-import-resume"
            onClick={() => void act('archive/resumeImport')}
          >
            {t('archive.import.resume')}
          </button>
        )}
      </div>
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {batch.problems.length > 0 && (
        <details className="archive-problems" open={!isActive(batch)}>
          <summary>
            {t('archive.import.problems')} ({format.number(batch.problems.length)})
          </summary>
          <table className="archive-table" data-testid="archive-import-problems">
            <thead>
              <tr>
                <th>{t('archive.import.line')}</th>
                <th>{t('archive.import.file')}</th>
                <th>{t('archive.import.reasonCol')}</th>
                <th>{t('archive.import.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {batch.problems.map((problem) => (
                <tr key={problem.line} data-line={problem.line} data-outcome={problem.outcome}>
                  <td className="cell-num">{problem.line}</td>
                  <td className="cell-mono">{problem.filename ?? ''}</td>
                  <td>{problem.outcome === 'duplicate' ? t('archive.import.duplicate') : t(`archive.import.reason.${problem.reason!}`)}</td>
                  <td className="cell-mono">{problem.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </article>
  );
}

/** Starting an import of a folder of scans, its progress, interrupting and resuming it. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [folder, setFolder] = useState('');
  const [manifest, setManifest] = useState('manifest.csv');
  const [batches, setBatches] = useState<ImportBatchStatus[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const upsert = useCallback((batch: ImportBatchStatus) => {
    setBatches((previous) => [batch, ...previous.filter((other) => other.id !== batch.id)].sort((a, b) => b.id - a.id));
  }, []);

  useEffect(() => {
    let current = true;
    void call('archive/imports', {}).then((result) => {
      if (current && result.ok) setBatches(result.data);
    });
    return () => {
      current = false;
    };
  }, []);

  // While a batch runs, its progress is read again and again; when it stops, the figures elsewhere refresh.
  const active = batches.filter(isActive).map((batch) => batch.id);
  const activeKey = active.join(',');
  useEffect(() => {
    if (!activeKey) return;
    const timer = setInterval(() => {
      for (const id of activeKey.split(',').map(Number)) {
        void call('archive/importStatus', { batchId: id }).then((result) => {
          if (!result.ok) return;
          upsert(result.data);
          if (!isActive(result.data)) onImported();
        });
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [activeKey, upsert, onImported]);

  const start = async () => {
    setBusy(true);
    setError(null);
    const result = await call('archive/startImport', { folder, manifest });
    setBusy(false);
    if (result.ok) upsert(result.data);
    else setError(result.error);
  };

  return (
    <section className="archive-import" data-testid="archive-import">
      <h2 className="archive-section-title">{t('archive.import.title')}</h2>
      <p className="cell-muted">{t('archive.import.intro')}</p>
      <form
        className="archive-import-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label className="field archive-import-folder">
          <span className="field-label">{t('archive.import.folder')}</span>
          <input
            className="input input-mono"
            data-testid="archive-import-folder"
            required
            value={folder}
            onChange={(event) => setFolder(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('archive.import.manifest')}</span>
          <input
            className="input input-mono"
            data-testid="archive-import-manifest"
            required
            value={manifest}
            onChange={(event) => setManifest(event.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="archive-import-start" disabled={busy || !folder.trim()}>
          {t('archive.import.start')}
        </button>
      </form>
      {error && (
        <Notice kind="error" testId="archive-import-error">
          {t('archive.import.refused', { message: refusalText(error, t) })}
        </Notice>
      )}
      <h3 className="archive-section-title">{t('archive.import.batches')}</h3>
      {batches.length === 0 ? (
        <p className="cell-muted">{t('archive.import.none')}</p>
      ) : (
        batches.map((batch) => <BatchCard key={batch.id} batch={batch} onChanged={upsert} />)
      )}
    </section>
  );
}
