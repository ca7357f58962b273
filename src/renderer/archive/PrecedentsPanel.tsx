import { useEffect, useState } from 'react';
import type { ArchivePrecedent, ArchivePrecedents } from '../../shared/api/archive';
import type { ApiError } from '../../shared/api/errors';
import type { WorklistRow } from '../../shared/api/instances';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';

function PrecedentRow({
  precedent,
  action,
  onOpen,
}: {
  precedent: ArchivePrecedent;
  action: { label: string; run(): void };
  onOpen(id: number): void;
}) {
  const { t } = useI18n();
  return (
    <li className="archive-precedent" data-testid="archive-precedent" data-dossier={precedent.dossierId}>
      <div>
        <button type="button" className="btn btn-ghost btn-small archive-precedent-open" onClick={() => onOpen(precedent.dossierId)}>
          {t(`archive.type.${precedent.practiceType}`)} {precedent.label}
        </button>
        <span>{precedent.subject}</span>
        <div className="cell-sub">
          {t('archive.precedents.sharedOn', { what: precedent.sharedOn.map((shared) => shared.text).join(', ') || '—' })}
        </div>
      </div>
      <button type="button" className="btn btn-small" data-testid="archive-precedent-action" onClick={action.run}>
        {action.label}
      </button>
    </li>
  );
}

/**
 * The archive's precedents of one current instance (or CDU request): the dossiers on the same parcels
 * or at the same address, those already linked, and links made or removed with one click. Usable on
 * its own (e.g. in the case screen): it needs only the instance's id.
 */
export function PrecedentsPanel({ instanceId, onOpenDossier }: { instanceId: number; onOpenDossier(dossierId: number): void }) {
  const { t } = useI18n();
  const [result, setResult] = useState<{ instanceId: number; data: ArchivePrecedents } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let current = true;
    void call('archive/precedents', { instanceId }).then((answer) => {
      if (!current) return;
      if (answer.ok) setResult({ instanceId, data: answer.data });
      else setError(answer.error);
    });
    return () => {
      current = false;
    };
  }, [instanceId]);

  const change = async (action: 'archive/link' | 'archive/unlink', dossierId: number) => {
    const answer = await call(action, { instanceId, dossierId });
    if (answer.ok) {
      setError(null);
      setResult({ instanceId, data: answer.data });
    } else setError(answer.error);
  };

  const data = result?.instanceId === instanceId ? result.data : null;
  const searched = data ? [...data.searchedParcels, ...data.searchedAddresses] : [];
  return (
    <section className="archive-precedents" data-testid="archive-precedents">
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {data && (
        <>
          <p className="cell-muted">
            {searched.length > 0
              ? t('archive.precedents.searched', { what: searched.join('; ') })
              : t('archive.precedents.nothingToSearch')}
          </p>
          {data.linked.length > 0 && (
            <>
              <h3 className="archive-section-title">{t('archive.precedents.linked')}</h3>
              <ul className="archive-precedent-list" data-testid="archive-precedents-linked">
                {data.linked.map((precedent) => (
                  <PrecedentRow
                    key={precedent.dossierId}
                    precedent={precedent}
                    onOpen={onOpenDossier}
                    action={{ label: t('archive.precedents.unlink'), run: () => void change('archive/unlink', precedent.dossierId) }}
                  />
                ))}
              </ul>
            </>
          )}
          <h3 className="archive-section-title">{t('archive.precedents.found')}</h3>
          {data.precedents.length === 0 ? (
            <p className="cell-muted">{t('archive.precedents.none')}</p>
          ) : (
            <ul className="archive-precedent-list" data-testid="archive-precedents-found">
              {data.precedents.map((precedent) => (
                <PrecedentRow
                  key={precedent.dossierId}
                  precedent={precedent}
                  onOpen={onOpenDossier}
                  action={{ label: t('archive.precedents.link'), run: () => void change('archive/link', precedent.dossierId) }}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Choosing one of the office's current instances, then its precedents. */
export function PrecedentsView({ onOpenDossier }: { onOpenDossier(dossierId: number): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<WorklistRow[]>([]);
  const [chosen, setChosen] = useState<WorklistRow | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void call('instances/worklist', {
        scope: 'office',
        startRow: 0,
        endRow: 30,
        // The case at hand is usually one that just arrived.
        sort: [{ colId: 'receivedAt', sort: 'desc' }],
        search: text.trim(),
      }).then((answer) => {
        if (current && answer.ok) setRows(answer.data.rows);
      });
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text]);

  return (
    <div className="archive-precedents-view" data-testid="archive-precedents-view">
      <p className="cell-muted">{t('archive.precedents.intro')}</p>
      <div className="archive-precedents-columns">
        <div className="archive-instance-picker">
          <label className="search">
            <span className="visually-hidden">{t('archive.precedents.choose')}</span>
            <Icon name="search" />
            <input
              className="input"
              type="search"
              data-testid="archive-precedents-search"
              placeholder={t('archive.precedents.choose')}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <ul className="archive-instance-list" role="listbox" aria-label={t('archive.precedents.instance')}>
            {rows.map((row) => (
              <li key={row.id} role="option" aria-selected={chosen?.id === row.id}>
                <button type="button" className="archive-instance" data-testid="archive-precedents-instance" onClick={() => setChosen(row)}>
                  <span className="cell-mono">{formatProtocolNumber(row.protocolYear, row.protocolNumber)}</span>{' '}
                  <strong>{row.procedureName}</strong>
                  <span className="archive-instance-subject">{row.subject}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="archive-precedents-result">
          {chosen && (
            <>
              <h2 className="archive-precedents-title">
                {formatProtocolNumber(chosen.protocolYear, chosen.protocolNumber)} · {chosen.subject}
              </h2>
              <PrecedentsPanel instanceId={chosen.id} onOpenDossier={onOpenDossier} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}
