import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseActionInputValue, CaseDetail, CaseEvent } from '../../shared/api/cases';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { useAppEvent, useConnection } from '../api/hooks';
import { colleagueStepsSince, lastEventId } from './caseHistory';

/** What colleagues did to the case while this screen showed it. */
export interface ColleagueUpdate {
  steps: CaseEvent[];
  /** Increments at each update, so the notice can be shown again for a new one. */
  serial: number;
}

/** On a refusal, `latest` is the case as read again after a conflict (null for other refusals). */
export type ActOutcome = { ok: true; detail: CaseDetail } | { ok: false; error: ApiError; latest: CaseDetail | null };

export interface LiveCase {
  detail: CaseDetail | null;
  loadError: ApiError | null;
  colleagueUpdate: ColleagueUpdate | null;
  dismissColleagueUpdate(): void;
  reload(): Promise<void>;
  act(input: CaseActionInputValue): Promise<ActOutcome>;
}

/**
 * A case kept current: loaded once, read again as soon as the main process reports it changed
 * (PostgreSQL LISTEN/NOTIFY → `instances/changed`) or the connection comes back, and updated
 * from the answer of each step taken here. Changes made by others are reported as such.
 */
export function useLiveCase(instanceId: number, myLogin: string): LiveCase {
  const { restoredCount } = useConnection();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [colleagueUpdate, setColleagueUpdate] = useState<ColleagueUpdate | null>(null);
  /** The last history step this screen has shown: what comes after it is news. */
  const seenEventId = useRef<number | null>(null);
  const sequence = useRef(0);
  const acting = useRef(false);
  const reloadAfterAct = useRef(false);

  /** Shows a case read from the server, reporting the colleagues' steps since the last one seen. */
  const show = useCallback(
    (next: CaseDetail): void => {
      const previous = seenEventId.current;
      const steps = previous === null ? [] : colleagueStepsSince(next.history, previous, myLogin);
      seenEventId.current = lastEventId(next.history);
      setDetail(next);
      setLoadError(null);
      if (steps.length > 0) setColleagueUpdate((current) => ({ steps, serial: (current?.serial ?? 0) + 1 }));
    },
    [myLogin],
  );

  const load = useCallback(async (): Promise<CaseDetail | null> => {
    const mine = ++sequence.current;
    const result = await call('cases/get', { instanceId });
    if (mine !== sequence.current) return null;
    if (!result.ok) {
      setLoadError(result.error);
      return null;
    }
    show(result.data);
    return result.data;
  }, [instanceId, show]);

  const reload = useCallback(async () => {
    // A step of ours is on its way: read the case once its answer is in, so our own change is not mistaken for a colleague's.
    if (acting.current) {
      reloadAfterAct.current = true;
      return;
    }
    await load();
  }, [load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useAppEvent('instances/changed', ({ ids, all }) => {
    if (all || ids.includes(instanceId)) void reload();
  });

  const seenRestored = useRef(restoredCount);
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    void reload();
  }, [restoredCount, reload]);

  const act = useCallback(
    async (input: CaseActionInputValue): Promise<ActOutcome> => {
      acting.current = true;
      try {
        const result = await call('cases/act', input);
        sequence.current += 1; // an answer to an older read must not overwrite this one
        if (result.ok) {
          show(result.data);
          return { ok: true, detail: result.data };
        }
        // Someone else changed the case since the form was opened: read it again, the form stays as typed.
        const latest = result.error.reason === 'case_changed' ? await load() : null;
        return { ok: false, error: result.error, latest };
      } finally {
        acting.current = false;
        if (reloadAfterAct.current) {
          reloadAfterAct.current = false;
          void load();
        }
      }
    },
    [load, show],
  );

  const dismissColleagueUpdate = useCallback(() => setColleagueUpdate(null), []);

  return { detail, loadError, colleagueUpdate, dismissColleagueUpdate, reload, act };
}
