/**
 * "Dal … Al …" of a register's filters: two days typed the Italian way (dd/mm/yyyy), each marked
 * invalid while what is typed does not read as a day. The caller keeps the texts and reads the days
 * with `dayFromText`.
 */
import { useI18n } from '../i18n/I18nProvider';

export interface DayRangeFieldsProps {
  fromLabel: string;
  toLabel: string;
  /** Test ids `<prefix>-from` and `<prefix>-to`. */
  testIdPrefix: string;
  fromText: string;
  toText: string;
  from: string | null;
  to: string | null;
  onFromText(text: string): void;
  onToText(text: string): void;
}

export function DayRangeFields(props: DayRangeFieldsProps) {
  const ends = [
    { key: 'from', label: props.fromLabel, text: props.fromText, day: props.from, onText: props.onFromText },
    { key: 'to', label: props.toLabel, text: props.toText, day: props.to, onText: props.onToText },
  ] as const;
  return (
    <>
      {ends.map((end) => (
        <DayField
          key={end.key}
          label={end.label}
          testId={`${props.testIdPrefix}-${end.key}`}
          text={end.text}
          day={end.day}
          onText={end.onText}
        />
      ))}
    </>
  );
}

function DayField({
  label,
  testId,
  text,
  day,
  onText,
}: {
  label: string;
  testId: string;
  text: string;
  day: string | null;
  onText(text: string): void;
}) {
  const { t } = useI18n();
  return (
    <label className="field-inline">
      <span>{label}</span>
      <input
        className="input day-input"
        data-testid={testId}
        placeholder={t('date.placeholder')}
        maxLength={10}
        value={text}
        aria-invalid={(text !== '' && !day) || undefined}
        onChange={(event) => onText(event.target.value)}
      />
    </label>
  );
}
