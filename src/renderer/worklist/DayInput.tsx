import { useGridDate, type CustomDateProps } from 'ag-grid-react';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { dateToDayParts, dayPartsToDate, formatDayParts, parseDayText } from './dayText';

/**
 * The date filters' input: a text field that reads dd/mm/yyyy. The browser's own date input
 * follows the operating system's locale (mm/dd/yyyy on an English system), which a clerk should
 * never have to think about.
 */
export function DayInput({ date, onDateChange }: CustomDateProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => (date ? formatDayParts(dateToDayParts(date)) : ''));
  const [invalid, setInvalid] = useState(false);

  // A model set from outside (state restore, "Ripristina filtri") replaces what is shown.
  useEffect(() => {
    const typed = parseDayText(input.current?.value ?? '');
    const current = typed ? dayPartsToDate(typed).getTime() : null;
    if ((date?.getTime() ?? null) !== current) setText(date ? formatDayParts(dateToDayParts(date)) : '');
  }, [date]);

  useGridDate({
    afterGuiAttached: (params) => {
      if (!params || params.suppressFocus !== true) input.current?.focus();
    },
    setInputPlaceholder: () => undefined,
  });

  return (
    <input
      ref={input}
      className="ag-input-field-input ag-text-field-input day-input"
      type="text"
      inputMode="numeric"
      placeholder={t('date.placeholder')}
      aria-label={t('date.label')}
      aria-invalid={invalid || undefined}
      value={text}
      maxLength={10}
      onChange={(event) => {
        const value = event.target.value;
        setText(value);
        const parts = parseDayText(value);
        setInvalid(value.trim() !== '' && !parts && value.replace(/\D/g, '').length >= 6);
        onDateChange(parts ? dayPartsToDate(parts) : null);
      }}
      onBlur={() => {
        const parts = parseDayText(text);
        if (parts) setText(formatDayParts(parts));
      }}
    />
  );
}
