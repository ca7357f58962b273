/**
 * "Dal … Al …" of a register's filters: two days typed the Italian way (dd/mm/yyyy), each marked
 * invalid while what is typed does not read as a day. The caller keeps the texts and reads the days
 * with `dayFromText`.
 */
import { useI18n } from '../i18n/I18nProvider';
import { dayFromText } from '../worklist/dayText';

export interface DayRangeFieldsProps {
  fromLabel: string;
  toLabel: string;
  /** Test ids `<prefix>-from` and `<prefix>-to`. */
  testIdPrefix: string;
  fromText: string;
  toText: string;
  onFromText(text: string): void;
  onToText(text: string): void;
}

export function DayRangeFields(props: DayRangeFieldsProps) {
  return (
    <>
      <DayField label={props.fromLabel} testId={`${props.testIdPrefix}-from`} text={props.fromText} onText={props.onFromText} />
      <DayField label={props.toLabel} testId={`${props.testIdPrefix}-to`} text={props.toText} onText={props.onToText} />
    </>
  );
}

function DayField({ label, testId, text, onText }: { label: string; testId: string; text: string; onText(text: string): void }) {
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
        aria-invalid={(text !== '' && !dayFromText(text)) || undefined}
        onChange={(event) => onText(event.target.value)}
      />
    </label>
  );
}
