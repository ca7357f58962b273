import { useId, type ReactNode } from 'react';
import type { Dossier, DossierSection, Party } from '../../shared/api/people';
import { OPEN_INSTANCE_STATUSES } from '../../shared/api/instances';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { useAppEvent, useCall } from '../api/hooks';
import { Notice } from '../components/Notice';
import { StatusPill } from '../components/StatusPill';
import { useWorkspaceNavigation, type PartyRef } from '../cases/navigation';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { isMessageKey } from '../i18n/translate';
import { DossierFacts } from './DossierFacts';
import { birthPlaceText, partyAddress, partyName, partyTaxCode } from './partyText';
import { RegistryFacts } from './RegistryFacts';

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="dossier-section" data-testid={`dossier-${id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} <span className="case-tab-count">{count}</span>
      </h2>
      {children}
    </section>
  );
}

function PartyFacts({ party }: { party: Party }) {
  const { t, format } = useI18n();
  const address = partyAddress(party);
  const facts: Array<[string, ReactNode]> =
    party.kind === 'person'
      ? [
          [t('people.field.codiceFiscale'), <span className="cell-mono">{party.codiceFiscale}</span>],
          [
            t('people.field.born'),
            t(`people.born.${party.sex}`, { date: format.date(party.birthDate), place: birthPlaceText(party.birthPlace, t) }),
          ],
          [t('people.field.sex'), t(`people.sex.${party.sex}`)],
        ]
      : [
          [t('people.field.partitaIva'), <span className="cell-mono">{party.partitaIva}</span>],
          [t('people.field.codiceFiscale'), <span className="cell-mono">{party.codiceFiscale}</span>],
        ];
  facts.push([t('people.field.address'), address ?? <span className="cell-muted">{t('common.none')}</span>]);
  facts.push([t('people.field.pec'), party.pec ?? <span className="cell-muted">{t('common.none')}</span>]);
  facts.push([t('people.field.email'), party.email ?? <span className="cell-muted">{t('common.none')}</span>]);
  return <DossierFacts facts={facts} testId="dossier-party" />;
}

function daysText(days: number | null, t: ReturnType<typeof useI18n>['t'], format: ReturnType<typeof useI18n>['format']): ReactNode {
  if (days === null) return <span className="cell-muted">{t('worklist.concluded')}</span>;
  if (days < 0) return <span className="days days-chip days-overdue">{t('worklist.overdue', { days: format.number(-days) })}</span>;
  if (days === 0) return <span className="days days-chip days-soon">{t('worklist.dueToday')}</span>;
  return <span className="days">{t('worklist.daysLeft', { days: format.number(days) })}</span>;
}

function ExtraSection({ section }: { section: DossierSection }) {
  const { t, format } = useI18n();
  const { openCase } = useWorkspaceNavigation();
  return (
    <Section id={section.key} title={t(`dossier.section.${section.key}`)} count={section.items.length}>
      {section.items.length === 0 ? (
        <p className="dossier-empty">{t(`dossier.empty.${section.key}`)}</p>
      ) : (
        <ul className="dossier-items">
          {section.items.map((item) => (
            <li key={item.id}>
              <span className="cell-num">{format.date(item.date)}</span> {item.title}
              {item.reference && <span className="cell-mono"> {item.reference}</span>}
              {item.status && <span className="cell-muted"> · {item.status}</span>}
              {item.instanceId !== null && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => openCase(item.instanceId!)}>
                  {t('dossier.openCase')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function DossierBody({ dossier }: { dossier: Dossier }) {
  const { t, format } = useI18n();
  const { openCase, openDossier } = useWorkspaceNavigation();
  const { party } = dossier;
  // A registration may belong to an instance of another office: it is listed, but its case cannot be opened.
  const visibleInstances = new Set(dossier.instances.map((instance) => instance.id));
  return (
    <div className="dossier-body">
      <div className="dossier-title">
        <h2 data-testid="dossier-name">{partyName(party)}</h2>
        <span className="pill pill-received">{t(`people.kind.${party.kind}`)}</span>
        <span className="cell-mono">{partyTaxCode(party)}</span>
      </div>
      <PartyFacts party={party} />
      {dossier.related.length > 0 && (
        <p className="dossier-related" data-testid="dossier-related">
          {t(party.kind === 'person' ? 'dossier.represents' : 'dossier.representedBy')}{' '}
          {dossier.related.map((other, index) => (
            <span key={`${other.kind}-${other.id}`}>
              {index > 0 && ', '}
              <button type="button" className="link-button" onClick={() => openDossier({ kind: other.kind, id: other.id })}>
                {partyName(other)}
              </button>
            </span>
          ))}
        </p>
      )}

      {dossier.registry && (
        <Section id="registry" title={t('dossier.section.registry')} count={dossier.registry.household?.members.length ?? 0}>
          <RegistryFacts registry={dossier.registry} personId={party.id} />
        </Section>
      )}

      <Section id="instances" title={t('dossier.section.instances')} count={dossier.instances.length}>
        {dossier.instances.length === 0 ? (
          <p className="dossier-empty">{t('dossier.empty.instances')}</p>
        ) : (
          <table className="dossier-table">
            <thead>
              <tr>
                <th scope="col">{t('worklist.col.protocol')}</th>
                <th scope="col">{t('worklist.col.receivedAt')}</th>
                <th scope="col">{t('worklist.col.procedureName')}</th>
                <th scope="col">{t('worklist.col.subject')}</th>
                <th scope="col">{t('worklist.col.status')}</th>
                <th scope="col">{t('worklist.col.dueDate')}</th>
                <th scope="col">{t('worklist.col.officeName')}</th>
              </tr>
            </thead>
            <tbody>
              {dossier.instances.map((instance) => (
                <tr key={instance.id} data-testid={`dossier-instance-${instance.id}`}>
                  <td>
                    <button
                      type="button"
                      className="link-button cell-num"
                      title={t('dossier.openCase')}
                      onClick={() => openCase(instance.id)}
                    >
                      {formatProtocolNumber(instance.protocolYear, instance.protocolNumber)}
                    </button>
                  </td>
                  <td className="cell-num">{format.date(instance.receivedAt)}</td>
                  <td>{instance.procedureName}</td>
                  <td className="dossier-subject">{instance.subject}</td>
                  <td>
                    <StatusPill status={instance.status} />
                  </td>
                  <td className="cell-num">
                    {OPEN_INSTANCE_STATUSES.includes(instance.status) && <span>{format.date(instance.dueDate)} </span>}
                    {daysText(instance.daysLeft, t, format)}
                  </td>
                  <td>{instance.officeName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="protocol" title={t('dossier.section.protocol')} count={dossier.protocolEntries.length}>
        {dossier.protocolEntries.length === 0 ? (
          <p className="dossier-empty">{t('dossier.empty.protocol')}</p>
        ) : (
          <table className="dossier-table">
            <thead>
              <tr>
                <th scope="col">{t('dossier.col.number')}</th>
                <th scope="col">{t('dossier.col.registeredAt')}</th>
                <th scope="col">{t('dossier.col.direction')}</th>
                <th scope="col">{t('dossier.col.subject')}</th>
                <th scope="col">{t('dossier.col.classification')}</th>
              </tr>
            </thead>
            <tbody>
              {dossier.protocolEntries.map((entry) => (
                <tr key={entry.id} data-testid={`dossier-protocol-${entry.id}`} className={entry.annulled ? 'dossier-annulled' : undefined}>
                  <td className="cell-num">
                    {formatProtocolNumber(entry.year, entry.number)}
                    {entry.annulled && <span className="pill pill-rejected">{t('dossier.annulled')}</span>}
                  </td>
                  <td className="cell-num">{format.dateTime(entry.registeredAt)}</td>
                  <td>
                    {t(`dossier.direction.${entry.direction}`)}
                    <span className="cell-muted">
                      {' '}
                      · {isMessageKey(`dossier.channel.${entry.channel}`) ? t(`dossier.channel.${entry.channel}`) : entry.channel}
                    </span>
                  </td>
                  <td className="dossier-subject">
                    {entry.subject}
                    {entry.instanceId !== null && visibleInstances.has(entry.instanceId) && (
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => openCase(entry.instanceId!)}>
                        {t('dossier.openCase')}
                      </button>
                    )}
                  </td>
                  <td className="cell-mono">{entry.classificationCode}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="messages" title={t('dossier.section.messages')} count={dossier.messages.length}>
        {dossier.messages.length === 0 ? (
          <p className="dossier-empty">{t('dossier.empty.messages')}</p>
        ) : (
          <table className="dossier-table">
            <thead>
              <tr>
                <th scope="col">{t('dossier.col.queuedAt')}</th>
                <th scope="col">{t('dossier.col.subject')}</th>
                <th scope="col">{t('dossier.col.recipient')}</th>
                <th scope="col">{t('dossier.col.delivery')}</th>
                <th scope="col">{t('worklist.col.protocol')}</th>
              </tr>
            </thead>
            <tbody>
              {dossier.messages.map((message) => (
                <tr key={message.id} data-testid={`dossier-message-${message.id}`}>
                  <td className="cell-num">{format.dateTime(message.queuedAt)}</td>
                  <td className="dossier-subject">{message.subject}</td>
                  <td>{message.recipientAddress}</td>
                  <td data-testid="dossier-message-status">
                    {t(`timeline.delivery.${message.status}`)}
                    {message.sentAt && <span className="cell-muted"> {format.dateTime(message.sentAt)}</span>}
                  </td>
                  <td>
                    <button type="button" className="link-button cell-num" onClick={() => openCase(message.instanceId)}>
                      {formatProtocolNumber(message.protocolYear, message.protocolNumber)}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      {dossier.sections.map((section) => (
        <ExtraSection key={section.key} section={section} />
      ))}
      <p className="dossier-visibility cell-muted">{t('dossier.visibility')}</p>
    </div>
  );
}

/** One person's or business's dossier, kept current while colleagues work on their instances. */
export function DossierView({ party }: { party: PartyRef }) {
  const { t } = useI18n();
  const dossier = useCall('people/dossier', { kind: party.kind, id: party.id }, `${party.kind}-${party.id}`);
  const { reload } = dossier;
  const instanceIds = dossier.data?.instances.map((instance) => instance.id) ?? [];
  useAppEvent('instances/changed', ({ ids, all }) => {
    if (all || ids.some((id) => instanceIds.includes(id))) void reload();
  });
  return (
    <div className="dossier" data-testid="dossier" aria-busy={dossier.loading}>
      {dossier.error && (
        <Notice kind="error" testId="dossier-error">
          {t('dossier.loadError', { message: errorMessage(dossier.error, t) })}
        </Notice>
      )}
      {dossier.data && <DossierBody dossier={dossier.data} />}
      {!dossier.data && dossier.loading && <p className="cell-muted">{t('common.loading')}</p>}
    </div>
  );
}
