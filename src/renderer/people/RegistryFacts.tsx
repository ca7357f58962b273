import type { ReactNode } from 'react';
import type { RegistryData } from '../../shared/domain/anagrafe';
import { useWorkspaceNavigation } from '../cases/navigation';
import { useI18n } from '../i18n/I18nProvider';
import { DossierFacts } from './DossierFacts';
import { birthPlaceText } from './partyText';

/** A person's registry data in their dossier: residence, household (head first) and birth act. */
export function RegistryFacts({ registry, personId }: { registry: RegistryData; personId: number }) {
  const { t, format } = useI18n();
  const { openDossier } = useWorkspaceNavigation();
  const { residence, household, birth } = registry;
  const muted = (text: string) => <span className="cell-muted">{text}</span>;
  const facts: Array<[string, ReactNode]> = [
    [
      t('registry.residence'),
      residence ? t('registry.residenceText', { ...residence, since: format.date(residence.since) }) : muted(t('registry.notResident')),
    ],
    [
      t('registry.birthAct'),
      birth ? (
        <>
          {t('registry.birthActText', { year: String(birth.actYear), number: birth.actNumber, part: birth.actPart })}
          {birth.actSeries && t('registry.birthActSeries', { series: birth.actSeries })}
          {' · '}
          {format.date(birth.birthDate)}
          {birth.birthTime && t('registry.birthTime', { time: birth.birthTime })}, {birth.birthPlace}
          <br />
          {t('registry.parents', {
            father: birth.fatherName ?? t('registry.parentNotStated'),
            mother: birth.motherName ?? t('registry.parentNotStated'),
          })}
        </>
      ) : (
        muted(t('registry.birthNotRecorded'))
      ),
    ],
  ];
  return (
    <>
      <DossierFacts facts={facts} testId="dossier-registry-facts" />
      <h3>{t('registry.household')}</h3>
      {household ? (
        <table className="dossier-table" data-testid="dossier-household">
          <thead>
            <tr>
              <th scope="col">{t('registry.col.relationship')}</th>
              <th scope="col">{t('registry.col.name')}</th>
              <th scope="col">{t('registry.col.codiceFiscale')}</th>
              <th scope="col">{t('registry.col.birth')}</th>
            </tr>
          </thead>
          <tbody>
            {household.members.map((member) => (
              <tr key={member.personId}>
                <td>{member.relationship}</td>
                <td>
                  {member.personId === personId ? (
                    <strong>
                      {member.lastName} {member.firstName}
                    </strong>
                  ) : (
                    <button type="button" className="link-button" onClick={() => openDossier({ kind: 'person', id: member.personId })}>
                      {member.lastName} {member.firstName}
                    </button>
                  )}
                </td>
                <td className="cell-mono">{member.codiceFiscale}</td>
                <td>
                  <span className="cell-num">{format.date(member.birthDate)}</span>, {birthPlaceText(member.birthPlace, t)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="dossier-empty">{t('registry.noHousehold')}</p>
      )}
    </>
  );
}
