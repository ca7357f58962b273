import { useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';

interface FilePickerProps {
  id: string;
  testId: string;
  accept?: string | undefined;
  multiple?: boolean;
  /** What is chosen so far, in words ("domanda.pdf, 120 kB"); the picker says "no file" otherwise. */
  chosen?: ReactNode;
  labelledBy?: string;
  describedBy?: string | undefined;
  onFiles(files: File[]): void;
}

/**
 * A file input that speaks the app's language: the platform's own input labels its button in the
 * browser's language ("Choose File"), so it stays hidden and an Italian button drives it.
 */
export function FilePicker({ id, testId, accept, multiple = false, chosen, labelledBy, describedBy, onFiles }: FilePickerProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="file-picker">
      <input
        ref={input}
        id={id}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        multiple={multiple}
        data-testid={testId}
        accept={accept}
        aria-labelledby={labelledBy}
        onChange={(event) => {
          onFiles(Array.from(event.currentTarget.files ?? []));
          event.currentTarget.value = '';
        }}
      />
      <button
        type="button"
        className="btn"
        data-testid={`${testId}-choose`}
        aria-describedby={describedBy}
        onClick={() => input.current?.click()}
      >
        {t(multiple ? 'file.chooseFiles' : 'file.choose')}
      </button>
      <span className={chosen ? undefined : 'cell-muted'} data-testid={`${testId}-chosen`}>
        {chosen ?? t(multiple ? 'file.noneChosen' : 'file.noFile')}
      </span>
    </span>
  );
}
