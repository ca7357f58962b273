import { useEffect, useRef, useState } from 'react';
import type { AccessPurposeValue } from '../../shared/api/archive';
import { ACCESS_PURPOSES, type AccessPurpose } from '../../shared/domain/archive';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Asks why a scan is being consulted, before it is opened: the purpose goes into the access log
 * with the user and the time, and onto any copy printed or saved.
 */
export function PurposeDialog({
  initial,
  onConfirm,
  onCancel,
}: {
  initial: AccessPurposeValue | null;
  onConfirm(value: AccessPurposeValue): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [purpose, setPurpose] = useState<AccessPurpose>(initial?.purpose ?? 'case_review');
  const [note, setNote] = useState(initial?.note ?? '');
  const [reference, setReference] = useState(initial?.reference ?? '');
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const noteMissing = purpose === 'other' && note.trim().length < 3;

  return (
    <dialog
      ref={dialog}
      className="dialog archive-purpose"
      aria-labelledby="archive-purpose-title"
      data-testid="archive-purpose"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        className="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (noteMissing) return;
          onConfirm({ purpose, note: note.trim() || null, reference: reference.trim() || null });
        }}
      >
        <h2 id="archive-purpose-title">{t('archive.purpose.title')}</h2>
        <p className="cell-muted">{t('archive.purpose.intro')}</p>
        <label className="field">
          <span className="field-label">{t('archive.purpose.label')}</span>
          <select
            className="select"
            data-testid="archive-purpose-select"
            value={purpose}
            onChange={(event) => setPurpose(event.target.value as AccessPurpose)}
          >
            {ACCESS_PURPOSES.map((value) => (
              <option key={value} value={value}>
                {t(`archive.purpose.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('archive.purpose.reference')}</span>
          <input
            className="input"
            data-testid="archive-purpose-reference"
            maxLength={100}
            value={reference}
            onChange={(event) => setReference(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('archive.purpose.note')}</span>
          <input
            className="input"
            data-testid="archive-purpose-note"
            maxLength={500}
            value={note}
            aria-invalid={touched && noteMissing}
            onChange={(event) => setNote(event.target.value)}
          />
          {touched && noteMissing && <span className="field-error">{t('archive.purpose.noteRequired')}</span>}
        </label>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="archive-purpose-confirm">
            {t('archive.purpose.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
