import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  /** A destructive action: red button, and the focus starts on "Annulla". */
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal confirmation on the native <dialog> (focus trap, Esc and backdrop from the platform). */
export function ConfirmDialog({ title, body, confirmLabel, danger = false, busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const ok = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    (danger ? cancel : ok).current?.focus();
    return () => element.close();
  }, [danger]);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <div className="dialog-body">
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-body">{body}</p>
      </div>
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="btn" data-testid="confirm-cancel" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          ref={ok}
          type="button"
          className={danger ? 'btn btn-danger' : 'btn btn-primary'}
          data-testid="confirm-ok"
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
