/**
 * The load model and the rules, for managers (their offices and people) and administrators (the
 * ente): full-time points, each office's automatic rule and whether it assigns by competence, each
 * procedure's weight, each person's working-time share, competences and absences, and which
 * managers see the whole ente. What the user may not change is shown, not offered.
 */
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { ChannelInput } from '../../shared/api/contract';
import type { WorkloadPerson, WorkloadSetup } from '../../shared/api/workload';
import { ABSENCE_KINDS, ASSIGNMENT_RULES, type AbsenceKind, type AssignmentRule } from '../../shared/domain/workload';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { dayFromText } from './period';

type SetupChannel =
  | 'workload/setFullTimePoints'
  | 'workload/setWeight'
  | 'workload/setCapacity'
  | 'workload/setCompetences'
  | 'workload/addAbsence'
  | 'workload/removeAbsence'
  | 'workload/setOfficeRule'
  | 'workload/setWholeEnte';

/** Working-time shares offered (common Italian part-time contracts), plus the person's own if different. */
const CAPACITY_SHARES = [100, 90, 83, 80, 75, 70, 67, 60, 50, 40, 33, 30, 25, 20];
function sharesWith(current: number): number[] {
  return [...new Set([...CAPACITY_SHARES, current])].sort((a, b) => b - a);
}

function AbsenceForm({ person, onSave }: { person: WorkloadPerson; onSave(input: ChannelInput<'workload/addAbsence'>): Promise<boolean> }) {
  const { t } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<AbsenceKind>('ferie');
  const startsOn = dayFromText(from);
  const endsOn = dayFromText(to);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!startsOn || !endsOn) return;
    if (await onSave({ staffId: person.id, startsOn, endsOn, kind, note: null })) {
      setFrom('');
      setTo('');
    }
  };
  return (
    <form
      className="workload-inline-form"
      onSubmit={(event) => void submit(event)}
      aria-label={t('workload.setup.absenceOf', { name: person.name })}
    >
      <input
        className="input workload-day"
        placeholder={t('workload.period.from')}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        aria-label={t('workload.period.from')}
      />
      <input
        className="input workload-day"
        placeholder={t('workload.period.to')}
        value={to}
        onChange={(e) => setTo(e.target.value)}
        aria-label={t('workload.period.to')}
      />
      <select className="input" value={kind} onChange={(e) => setKind(e.target.value as AbsenceKind)} aria-label={t('workload.setup.kind')}>
        {ABSENCE_KINDS.map((value) => (
          <option key={value} value={value}>
            {t(`workload.setup.kind.${value}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-small" disabled={!startsOn || !endsOn}>
        {t('workload.setup.addAbsence')}
      </button>
    </form>
  );
}

function CompetenceEditor({
  person,
  setup,
  onSave,
}: {
  person: WorkloadPerson;
  setup: WorkloadSetup;
  onSave(ids: number[]): Promise<boolean>;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Set<number>>(new Set(person.competences));
  const procedures = setup.procedureTypes.filter((procedure) => person.officeIds.includes(procedure.officeId));
  if (!open) {
    return (
      <button type="button" className="workload-link" onClick={() => setOpen(person.canManage)} disabled={!person.canManage}>
        {person.competences.length === 0
          ? t('workload.setup.noCompetences')
          : t('workload.setup.competencesCount', { count: person.competences.length })}
      </button>
    );
  }
  return (
    <fieldset className="workload-competences">
      <legend>{t('workload.setup.editCompetences', { name: person.name })}</legend>
      {procedures.map((procedure) => (
        <label key={procedure.id}>
          <input
            type="checkbox"
            checked={chosen.has(procedure.id)}
            onChange={(event) => {
              const next = new Set(chosen);
              if (event.target.checked) next.add(procedure.id);
              else next.delete(procedure.id);
              setChosen(next);
            }}
          />
          {procedure.name}
        </label>
      ))}
      <button
        type="button"
        className="btn btn-small btn-primary"
        onClick={() => void onSave([...chosen]).then((ok) => ok && setOpen(false))}
      >
        {t('workload.setup.save')}
      </button>
    </fieldset>
  );
}

export function SetupView({ setup, onChanged }: { setup: WorkloadSetup; onChanged(next: WorkloadSetup): void }) {
  const { t, format } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [points, setPoints] = useState(String(setup.fullTimePoints));

  const save = async <C extends SetupChannel>(channel: C, input: ChannelInput<C>): Promise<boolean> => {
    const result = await call(channel, input);
    if (!result.ok) {
      setError(result.error);
      setSaved(false);
      return false;
    }
    setError(null);
    setSaved(true);
    onChanged(result.data as WorkloadSetup);
    return true;
  };

  const officeName = (id: number) => setup.offices.find((office) => office.id === id)?.name ?? '';

  return (
    <div className="workload-stack" data-testid="workload-setup">
      {error && (
        <Notice kind="error" onClose={() => setError(null)}>
          {errorMessage(error, t)}
        </Notice>
      )}
      {saved && !error && (
        <Notice kind="success" onClose={() => setSaved(false)}>
          {t('workload.setup.saved')}
        </Notice>
      )}

      <section className="workload-card">
        <h2>{t('workload.setup.fullTime')}</h2>
        <p className="page-intro">{t('workload.setup.fullTimeHint')}</p>
        <form
          className="workload-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save('workload/setFullTimePoints', { fullTimePoints: Number(points.replace(',', '.')) });
          }}
        >
          <input
            className="input workload-number"
            value={points}
            onChange={(e) => setPoints(e.target.value)}
            disabled={!setup.isAdministrator}
            aria-label={t('workload.setup.fullTime')}
          />
          {setup.isAdministrator && (
            <button type="submit" className="btn btn-small">
              {t('workload.setup.save')}
            </button>
          )}
        </form>
      </section>

      <section className="workload-card">
        <h2>{t('workload.setup.offices')}</h2>
        <table className="workload-table">
          <thead>
            <tr>
              <th>{t('workload.assign.office')}</th>
              <th>{t('workload.setup.rule')}</th>
              <th>{t('workload.setup.byCompetence')}</th>
            </tr>
          </thead>
          <tbody>
            {setup.offices.map((office) => (
              <tr key={office.id}>
                <td>{office.name}</td>
                <td>
                  <select
                    className="input"
                    value={office.rule ?? ''}
                    disabled={!office.canManage}
                    aria-label={`${t('workload.setup.rule')} · ${office.name}`}
                    onChange={(event) =>
                      void save('workload/setOfficeRule', {
                        officeId: office.id,
                        rule: (event.target.value || null) as AssignmentRule | null,
                        byCompetence: office.byCompetence,
                      })
                    }
                  >
                    <option value="">{t('workload.setup.rule.none')}</option>
                    {ASSIGNMENT_RULES.map((rule) => (
                      <option key={rule} value={rule}>
                        {t(`workload.assign.rule.${rule}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={office.byCompetence}
                    disabled={!office.canManage}
                    aria-label={`${t('workload.setup.byCompetence')} · ${office.name}`}
                    onChange={(event) =>
                      void save('workload/setOfficeRule', { officeId: office.id, rule: office.rule, byCompetence: event.target.checked })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="workload-card">
        <h2>{t('workload.setup.procedures')}</h2>
        <p className="page-intro">{t('workload.setup.proceduresHint')}</p>
        <table className="workload-table">
          <thead>
            <tr>
              <th>{t('workload.digi.col.name')}</th>
              <th>{t('workload.assign.office')}</th>
              <th>{t('workload.setup.legalTerm')}</th>
              <th>{t('workload.setup.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {setup.procedureTypes.map((procedure) => (
              <tr key={procedure.id}>
                <td>{procedure.name}</td>
                <td>{officeName(procedure.officeId)}</td>
                <td>{t('workload.setup.termDays', { days: procedure.legalTermDays })}</td>
                <td>
                  <input
                    key={`${procedure.id}-${procedure.weight}`}
                    className="input workload-number"
                    defaultValue={procedure.weightIsDefault ? '' : format.number(procedure.weight)}
                    placeholder={`${format.number(procedure.weight)} (${t('workload.setup.weightDefault')})`}
                    disabled={!procedure.canManage}
                    aria-label={`${t('workload.setup.weight')} · ${procedure.name}`}
                    onBlur={(event) => {
                      const text = event.target.value.trim().replace(',', '.');
                      const weight = text === '' ? null : Number(text);
                      if (weight === null ? procedure.weightIsDefault : weight === procedure.weight) return;
                      void save('workload/setWeight', { procedureTypeId: procedure.id, weight });
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="workload-card">
        <h2>{t('workload.setup.people')}</h2>
        <table className="workload-table workload-people-table">
          <thead>
            <tr>
              <th>{t('workload.scope.person')}</th>
              <th>{t('workload.assign.office')}</th>
              <th>{t('workload.setup.capacity')}</th>
              <th>{t('workload.setup.competences')}</th>
              <th>{t('workload.setup.absences')}</th>
              {setup.isAdministrator && <th>{t('workload.setup.wholeEnte')}</th>}
            </tr>
          </thead>
          <tbody>
            {setup.people.map((person) => (
              <tr key={person.id} className={person.enabled ? '' : 'workload-disabled'}>
                <td>
                  {person.name}
                  <div className="cell-sub">
                    {t(`workload.setup.role.${person.role}`)}
                    {!person.enabled && ` · ${t('workload.setup.disabled')}`}
                  </div>
                </td>
                <td>{person.officeIds.map(officeName).join(', ')}</td>
                <td>
                  <select
                    className="input"
                    value={Math.round(person.capacityShare * 100)}
                    disabled={!person.canManage}
                    aria-label={`${t('workload.setup.capacity')} · ${person.name}`}
                    onChange={(event) =>
                      void save('workload/setCapacity', { staffId: person.id, capacityShare: Number(event.target.value) / 100 })
                    }
                  >
                    {sharesWith(Math.round(person.capacityShare * 100)).map((share) => (
                      <option key={share} value={share}>
                        {share}%
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <CompetenceEditor
                    person={person}
                    setup={setup}
                    onSave={(ids) => save('workload/setCompetences', { staffId: person.id, procedureTypeIds: ids })}
                  />
                </td>
                <td>
                  <ul className="workload-absences">
                    {person.absences.length === 0 && <li className="cell-muted">{t('workload.setup.noAbsences')}</li>}
                    {person.absences.map((absence) => (
                      <li key={absence.id}>
                        {format.date(absence.startsOn)}–{format.date(absence.endsOn)} · {t(`workload.setup.kind.${absence.kind}`)}
                        {person.canManage && (
                          <button
                            type="button"
                            className="btn btn-ghost btn-small"
                            onClick={() => void save('workload/removeAbsence', { absenceId: absence.id })}
                          >
                            {t('workload.setup.remove')}
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                  {person.canManage && <AbsenceForm person={person} onSave={(input) => save('workload/addAbsence', input)} />}
                </td>
                {setup.isAdministrator && (
                  <td>
                    {person.role === 'manager' && (
                      <input
                        type="checkbox"
                        checked={person.wholeEnte}
                        aria-label={`${t('workload.setup.wholeEnte')} · ${person.name}`}
                        onChange={(event) => void save('workload/setWholeEnte', { staffId: person.id, granted: event.target.checked })}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
