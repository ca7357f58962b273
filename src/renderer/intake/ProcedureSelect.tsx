import type { ProcedureChoice } from '../../shared/api/intake';
import { useI18n } from '../i18n/I18nProvider';
import { FormField } from './ApplicantFields';

/** The procedure of the ente's catalogue the instance is for, with its office and legal term. */
export function ProcedureSelect({
  id,
  procedures,
  value,
  error,
  onChange,
}: {
  id: string;
  procedures: ProcedureChoice[];
  value: string;
  error?: string | undefined;
  onChange(code: string): void;
}) {
  const { t } = useI18n();
  const chosen = procedures.find((procedure) => procedure.code === value);
  return (
    <FormField
      id={id}
      label={t('intake.procedure.label')}
      error={error}
      hint={chosen ? t('intake.procedure.hint', { office: chosen.officeName, days: chosen.legalTermDays }) : undefined}
    >
      <select
        id={id}
        className="select"
        data-testid={id}
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="" disabled>
          {t('intake.procedure.placeholder')}
        </option>
        {procedures.map((procedure) => (
          <option key={procedure.code} value={procedure.code}>
            {procedure.name}
          </option>
        ))}
      </select>
    </FormField>
  );
}
