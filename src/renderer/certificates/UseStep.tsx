import type { CertificateTypeInfo } from '../../shared/api/certificates';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { usesFor, type FieldProblem, type UseDraft } from './counterForm';
import { CodeField } from './CodeField';
import { fieldProblemText } from './fieldProblem';
import { RadioChoices } from './RadioChoices';

type UseField = 'kind' | 'marcaSerial' | 'iubd' | 'exemptionCode';

/**
 * How the bollo is dealt with: a paper marca (its 14-digit number), a digital bollo, or an
 * exemption from the type's list with the norm that will be printed.
 */
export function UseStep({
  type,
  draft,
  problem,
  onChange,
}: {
  type: CertificateTypeInfo;
  draft: UseDraft;
  /** Shown once the clerk tried to go on. */
  problem: FieldProblem<UseField> | null;
  onChange(draft: UseDraft): void;
}) {
  const { t } = useI18n();
  const uses = usesFor(type);
  const exemption = type.exemptions.find((item) => item.code === draft.exemptionCode) ?? null;
  const errorOf = (field: UseField) => (problem?.field === field ? fieldProblemText(problem.reason, t) : null);
  const error = (field: UseField) => {
    const text = errorOf(field);
    return text ? (
      <span className="field-error" id={`counter-${field}-error`} data-testid={`counter-${field}-error`}>
        {text}
      </span>
    ) : null;
  };

  return (
    <div className="counter-use">
      {!type.bolloApplies && <p className="field-hint">{t('counter.use.noBollo')}</p>}
      <RadioChoices
        name="counter-use"
        label={t('counter.step.use')}
        testId="counter-uses"
        options={uses}
        value={draft.kind}
        onChange={(kind) => onChange({ ...draft, kind })}
        render={(kind) => <span>{t(`certificates.use.${kind}` as MessageKey)}</span>}
      />
      {error('kind')}
      {draft.kind === 'bollo_paper' && (
        <CodeField
          field="marcaSerial"
          testId="counter-marca-serial"
          label={t('counter.use.marcaSerial')}
          hint={t('counter.use.marcaSerialHint')}
          value={draft.marcaSerial}
          maxLength={20}
          numeric
          error={errorOf('marcaSerial')}
          onChange={(marcaSerial) => onChange({ ...draft, marcaSerial })}
        />
      )}
      {draft.kind === 'bollo_digital' && (
        <CodeField
          field="iubd"
          testId="counter-iubd"
          label={t('counter.use.iubd')}
          hint={t('counter.use.iubdHint')}
          value={draft.iubd}
          maxLength={40}
          error={errorOf('iubd')}
          onChange={(iubd) => onChange({ ...draft, iubd })}
        />
      )}
      {draft.kind === 'exempt' && (
        <label className="field">
          <span className="field-label">{t('counter.use.exemption')}</span>
          <select
            className="select counter-exemption"
            data-testid="counter-exemption"
            value={draft.exemptionCode}
            aria-invalid={errorOf('exemptionCode') ? true : undefined}
            aria-describedby="counter-exemption-norm counter-exemptionCode-error"
            onChange={(event) => onChange({ ...draft, exemptionCode: event.target.value })}
          >
            <option value="">{t('counter.use.exemptionChoose')}</option>
            {type.exemptions.map((item) => (
              <option key={item.code} value={item.code}>
                {item.label}
              </option>
            ))}
          </select>
          {exemption && (
            <span className="field-hint counter-norm" id="counter-exemption-norm" data-testid="counter-exemption-norm">
              {t('counter.use.norm', { norm: exemption.norm })}
            </span>
          )}
          {error('exemptionCode')}
        </label>
      )}
    </div>
  );
}
