import type { CertificateTypeInfo } from '../../shared/api/certificates';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { usesFor, type FieldProblem, type UseDraft } from './counterForm';
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
        <label className="field">
          <span className="field-label">{t('counter.use.marcaSerial')}</span>
          <input
            className="input input-mono counter-serial"
            data-testid="counter-marca-serial"
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            value={draft.marcaSerial}
            aria-invalid={errorOf('marcaSerial') ? true : undefined}
            aria-describedby="counter-marcaSerial-hint counter-marcaSerial-error"
            onChange={(event) => onChange({ ...draft, marcaSerial: event.target.value })}
          />
          <span className="field-hint" id="counter-marcaSerial-hint">
            {t('counter.use.marcaSerialHint')}
          </span>
          {error('marcaSerial')}
        </label>
      )}
      {draft.kind === 'bollo_digital' && (
        <label className="field">
          <span className="field-label">{t('counter.use.iubd')}</span>
          <input
            className="input input-mono counter-serial"
            data-testid="counter-iubd"
            autoComplete="off"
            maxLength={40}
            value={draft.iubd}
            aria-invalid={errorOf('iubd') ? true : undefined}
            aria-describedby="counter-iubd-hint counter-iubd-error"
            onChange={(event) => onChange({ ...draft, iubd: event.target.value })}
          />
          <span className="field-hint" id="counter-iubd-hint">
            {t('counter.use.iubdHint')}
          </span>
          {error('iubd')}
        </label>
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
