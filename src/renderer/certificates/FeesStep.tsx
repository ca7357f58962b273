import { PAYMENT_METHODS, type CertificateQuote, type CertificateUseKind } from '../../shared/api/certificates';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import type { FieldProblem, PaymentDraft } from './counterForm';
import { CodeField } from './CodeField';
import { fieldProblemText } from './fieldProblem';
import { euroText } from './money';
import { RadioChoices } from './RadioChoices';

/** The amounts the server computed for the use chosen: bollo, diritti, what to collect, validity. */
export function FeesTable({ quote, useKind }: { quote: CertificateQuote; useKind: CertificateUseKind }) {
  const { t, format, language } = useI18n();
  const euro = (cents: number) => euroText(cents, language, format);
  const bolloNote =
    useKind === 'exempt'
      ? t('counter.fees.bolloExempt')
      : useKind === 'bollo_paper'
        ? t('counter.fees.bolloPaper')
        : quote.bolloCollectedCents > 0
          ? t('counter.fees.bolloDigital')
          : t('counter.fees.bolloDigitalPaid');
  return (
    <div className="counter-fees" data-testid="counter-fees">
      <table className="counter-fees-table">
        <tbody>
          <tr>
            <th scope="row">{t('counter.fees.bollo')}</th>
            <td className="cell-muted">{bolloNote}</td>
            <td className="counter-amount" data-testid="counter-fee-bollo">
              {euro(quote.bolloCents)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('counter.fees.fee')}</th>
            <td />
            <td className="counter-amount" data-testid="counter-fee-diritti">
              {euro(quote.feeCents)}
            </td>
          </tr>
          <tr className="counter-total">
            <th scope="row">{t('counter.fees.total')}</th>
            <td />
            <td className="counter-amount" data-testid="counter-fee-total">
              {euro(quote.totalDueCents)}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="cell-muted" data-testid="counter-valid-until">
        {quote.validUntil === null
          ? t('counter.fees.validUnlimited')
          : t('counter.fees.validUntil', { date: format.date(quote.validUntil) })}
      </p>
    </div>
  );
}

/** Cash, card or pagoPA (with its IUV or notice number); nothing when nothing is due. */
export function PaymentStep({
  quote,
  draft,
  problem,
  onChange,
}: {
  quote: CertificateQuote;
  draft: PaymentDraft;
  problem: FieldProblem<'method' | 'pagopaReference'> | null;
  onChange(draft: PaymentDraft): void;
}) {
  const { t } = useI18n();
  if (!quote.paymentRequired) return <p className="cell-muted">{t('counter.payment.none')}</p>;
  return (
    <div className="counter-payment">
      <RadioChoices
        name="counter-payment"
        label={t('counter.step.payment')}
        testId="counter-payment"
        options={PAYMENT_METHODS}
        value={draft.method}
        onChange={(method) => onChange({ ...draft, method })}
        render={(method) => <span>{t(`certificates.payment.${method}` as MessageKey)}</span>}
      />
      {problem?.field === 'method' && (
        <span className="field-error" data-testid="counter-method-error">
          {fieldProblemText(problem.reason, t)}
        </span>
      )}
      {draft.method === 'pagopa' && (
        <CodeField
          field="pagopaReference"
          testId="counter-pagopa-reference"
          label={t('counter.payment.reference')}
          hint={t('counter.payment.referenceHint')}
          value={draft.pagopaReference}
          maxLength={24}
          numeric
          error={problem?.field === 'pagopaReference' ? fieldProblemText(problem.reason, t) : null}
          onChange={(pagopaReference) => onChange({ ...draft, pagopaReference })}
        />
      )}
    </div>
  );
}
