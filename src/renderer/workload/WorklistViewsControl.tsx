/**
 * A worklist's saved views (filters, sort, columns, search): saved under a name, applied, removed,
 * and one of them chosen as the view the worklist opens with. Without such a choice the worklist
 * reopens as the person left it: every change of filters, sort or columns is remembered. The search
 * box is not: a search is a one-off look-up, and a list reopened on yesterday's protocol number
 * would seem to have lost its cases (a saved view keeps its search).
 * Each person's views are their own, kept on the server, so they follow the person to any
 * workstation and sign-in.
 */
import type { ColumnState, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorklistRow, WorklistScope } from '../../shared/api/instances';
import { WorklistFilters, WORKLIST_SORT_COLUMNS } from '../../shared/api/instances';
import type { WorklistView, WorklistViewStateValue } from '../../shared/api/workload';
import { call } from '../api/client';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';

const SORTABLE = new Set<string>(WORKLIST_SORT_COLUMNS);
const REMEMBER_DELAY_MS = 400;
/** The grid events after which the worklist's state is remembered. */
const STATE_EVENTS = ['sortChanged', 'filterChanged', 'columnMoved', 'columnResized', 'columnVisible'] as const;

/** The grid's state as a view keeps it: only what the worklist accepts back. */
export function viewStateOf(columns: readonly ColumnState[], filterModel: unknown, search: string): WorklistViewStateValue {
  const filter = WorklistFilters.safeParse(filterModel);
  const sorted = columns.find((column) => column.sort && SORTABLE.has(column.colId));
  return {
    ...(filter.success ? { filter: filter.data } : {}),
    ...(sorted
      ? { sort: [{ colId: sorted.colId as (typeof WORKLIST_SORT_COLUMNS)[number], sort: sorted.sort === 'desc' ? 'desc' : 'asc' }] }
      : {}),
    columns: columns
      .filter((column) => !column.colId.startsWith('ag-Grid-'))
      .slice(0, 40)
      .map((column) => ({
        colId: column.colId.slice(0, 40),
        ...(column.width ? { width: Math.round(Math.min(2000, Math.max(20, column.width))) } : {}),
        ...(column.hide ? { hide: true } : {}),
      })),
    ...(search ? { search } : {}),
  };
}

export function applyViewState(api: GridApi<WorklistRow>, state: WorklistViewStateValue, defaultFilter: Record<string, unknown>): void {
  const sort = new Map((state.sort ?? []).map((item) => [item.colId as string, item.sort]));
  api.applyColumnState({
    state: (state.columns ?? []).map((column) => ({
      colId: column.colId,
      width: column.width,
      hide: column.hide ?? false,
      sort: sort.get(column.colId) ?? null,
    })),
    applyOrder: true,
    defaultState: { sort: null },
  });
  api.setFilterModel(state.filter ?? defaultFilter);
}

export function WorklistViewsControl({
  scope,
  api,
  search,
  onSearch,
  defaultFilter,
}: {
  scope: WorklistScope;
  api: GridApi<WorklistRow> | null;
  search: string;
  onSearch(text: string): void;
  defaultFilter: Record<string, unknown>;
}) {
  const { t } = useI18n();
  const [views, setViews] = useState<WorklistView[]>([]);
  const [chosen, setChosen] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [asDefault, setAsDefault] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const opened = useRef(false);
  // Remembering starts once the worklist has opened with its view (not with the grid's first state).
  const [remembering, setRemembering] = useState(false);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; send(): void } | null>(null);

  // Once the grid is there: read the views and open with the one the person chose to open with,
  // else as they left the worklist last time.
  useEffect(() => {
    if (!api || opened.current) return;
    opened.current = true;
    void call('workload/views', { scope }).then((result) => {
      if (api.isDestroyed()) return;
      if (result.ok) {
        const { views: saved, remembered } = result.data;
        setViews(saved);
        const preferred = saved.find((view) => view.isDefault);
        const opening = preferred ? { state: preferred.state, viewId: preferred.id } : remembered;
        if (opening) {
          applyViewState(api, opening.state, defaultFilter);
          onSearch(preferred?.state.search ?? '');
          setChosen(saved.some((view) => view.id === opening.viewId) ? String(opening.viewId) : '');
        }
      }
      setRemembering(true);
    });
  }, [api, scope, onSearch, defaultFilter]);

  // The state is read when it changes and sent a moment later (a drag of a column sends once);
  // whatever is still waiting is sent when the worklist closes.
  const remember = useCallback(() => {
    if (!api || api.isDestroyed()) return;
    const input = { scope, state: viewStateOf(api.getColumnState(), api.getFilterModel(), ''), viewId: Number(chosen) || null };
    if (pending.current) clearTimeout(pending.current.timer);
    const send = () => {
      pending.current = null;
      void call('workload/rememberView', input);
    };
    pending.current = { timer: setTimeout(send, REMEMBER_DELAY_MS), send };
  }, [api, scope, chosen]);

  useEffect(() => {
    if (!remembering || !api || api.isDestroyed()) return;
    remember();
    for (const event of STATE_EVENTS) api.addEventListener(event, remember);
    return () => {
      if (!api.isDestroyed()) for (const event of STATE_EVENTS) api.removeEventListener(event, remember);
    };
  }, [remembering, api, remember]);

  useEffect(
    () => () => {
      if (!pending.current) return;
      clearTimeout(pending.current.timer);
      pending.current.send();
    },
    [],
  );

  const apply = (id: string) => {
    setChosen(id);
    const view = views.find((v) => String(v.id) === id);
    if (!api) return;
    applyViewState(api, view?.state ?? {}, defaultFilter);
    onSearch(view?.state.search ?? '');
  };

  const answer = (result: Awaited<ReturnType<typeof call<'workload/views'>>>): boolean => {
    if (!result.ok) {
      setMessage(errorMessage(result.error, t));
      return false;
    }
    setViews(result.data.views);
    setMessage(null);
    return true;
  };

  const save = async () => {
    if (!api || naming === null) return;
    const name = naming.trim();
    const result = await call('workload/saveView', {
      scope,
      name,
      isDefault: asDefault,
      state: viewStateOf(api.getColumnState(), api.getFilterModel(), search),
    });
    if (!answer(result) || !result.ok) return;
    setChosen(String(result.data.views.find((v) => v.name.toLowerCase() === name.toLowerCase())?.id ?? ''));
    setNaming(null);
    setAsDefault(false);
  };

  const current = views.find((view) => String(view.id) === chosen);

  return (
    <div className="worklist-views" data-testid="worklist-views">
      {naming === null ? (
        <>
          <select
            className="input"
            value={chosen}
            onChange={(event) => apply(event.target.value)}
            aria-label={t('workload.views.label')}
            data-testid="worklist-view-select"
          >
            <option value="">{t('workload.views.standard')}</option>
            {views.map((view) => (
              <option key={view.id} value={view.id}>
                {view.isDefault ? t('workload.views.defaultName', { name: view.name }) : view.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn"
            onClick={() => setNaming(current?.name ?? '')}
            disabled={!api}
            data-testid="worklist-view-save"
          >
            {t('workload.views.save')}
          </button>
          {current && (
            <>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => void call('workload/defaultView', { scope, id: current.isDefault ? null : current.id }).then(answer)}
                data-testid="worklist-view-default"
              >
                {current.isDefault ? t('workload.views.unsetDefault') : t('workload.views.setDefault')}
              </button>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() =>
                  void call('workload/deleteView', { scope, id: current.id }).then((result) => {
                    if (answer(result)) setChosen('');
                  })
                }
                data-testid="worklist-view-delete"
              >
                {t('workload.views.delete')}
              </button>
            </>
          )}
        </>
      ) : (
        <form
          className="worklist-views"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <input
            className="input"
            autoFocus
            value={naming}
            maxLength={60}
            placeholder={t('workload.views.namePlaceholder')}
            aria-label={t('workload.views.name')}
            onChange={(event) => setNaming(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setNaming(null);
            }}
            data-testid="worklist-view-name"
          />
          <label className="worklist-views-default">
            <input type="checkbox" checked={asDefault} onChange={(event) => setAsDefault(event.target.checked)} />
            {t('workload.views.openWith')}
          </label>
          <button type="submit" className="btn btn-primary" disabled={naming.trim() === ''} data-testid="worklist-view-confirm">
            {t('workload.setup.save')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setNaming(null)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      {message && (
        <span className="worklist-views-message" role="alert">
          {message}
        </span>
      )}
    </div>
  );
}
