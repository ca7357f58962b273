import type { ColDef, GetRowIdParams } from 'ag-grid-community';
import { AgGridReact, type CustomCellRendererProps } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { SessionInfo } from '../../shared/api/session';
import type { StaffMember } from '../../shared/api/staff';
import { call } from '../api/client';
import { useCall, useConnection } from '../api/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { CreateStaffPanel } from './CreateStaffPanel';

interface StaffGridContext {
  currentStaffId: number;
  onToggle(member: StaffMember): void;
}

type CellProps = CustomCellRendererProps<StaffMember, unknown, StaffGridContext>;

function UsernameCell({ data, context }: CellProps) {
  const { t } = useI18n();
  if (!data) return null;
  return (
    <span>
      <span className="cell-mono">{data.username}</span>
      {data.id === context.currentStaffId && <span className="you">({t('staff.you')})</span>}
    </span>
  );
}

function StateCell({ data }: CellProps) {
  const { t, format } = useI18n();
  if (!data) return null;
  if (data.enabled) return <span className="pill pill-enabled">{t('staff.state.enabled')}</span>;
  return (
    <span className="pill pill-disabled">
      {data.disabledAt ? t('staff.state.disabledOn', { date: format.date(data.disabledAt) }) : t('staff.state.disabled')}
    </span>
  );
}

function ToggleCell({ data, context }: CellProps) {
  const { t } = useI18n();
  if (!data) return null;
  return (
    <div className="staff-actions-cell">
      <button
        type="button"
        className="btn btn-small"
        data-testid={`staff-toggle-${data.username}`}
        onClick={() => context.onToggle(data)}
      >
        {data.enabled ? t('staff.disable') : t('staff.enable')}
      </button>
    </div>
  );
}

function staffColumns(t: Translate): ColDef<StaffMember>[] {
  return [
    { colId: 'username', field: 'username', headerName: t('staff.col.username'), cellRenderer: UsernameCell, width: 200, sort: 'asc' },
    { colId: 'fullName', field: 'fullName', headerName: t('staff.col.fullName'), flex: 1, minWidth: 180 },
    { colId: 'email', field: 'email', headerName: t('staff.col.email'), flex: 1, minWidth: 180, valueFormatter: ({ value }) => (value as string | null) ?? '' },
    {
      colId: 'role',
      field: 'role',
      headerName: t('staff.col.role'),
      width: 190,
      valueFormatter: ({ value }) => (value ? t(`role.${value as StaffMember['role']}`) : ''),
      filterValueGetter: ({ data }) => (data ? t(`role.${data.role}`) : ''),
    },
    {
      colId: 'offices',
      headerName: t('staff.col.offices'),
      valueGetter: ({ data }) => (data ? data.offices.map((office) => office.name).join(', ') : ''),
      tooltipValueGetter: ({ data }) => (data ? data.offices.map((office) => office.name).join(', ') : ''),
      flex: 1.4,
      minWidth: 220,
    },
    {
      colId: 'state',
      headerName: t('staff.col.state'),
      valueGetter: ({ data }) => (data ? (data.enabled ? t('staff.state.enabled') : t('staff.state.disabled')) : ''),
      comparator: (_a, _b, nodeA, nodeB) => Number(nodeB.data?.enabled ?? 0) - Number(nodeA.data?.enabled ?? 0),
      cellRenderer: StateCell,
      width: 190,
    },
    {
      colId: 'actions',
      headerName: t('staff.col.actions'),
      cellRenderer: ToggleCell,
      cellClass: 'cell-center',
      width: 120,
      sortable: false,
      filter: false,
      resizable: false,
    },
  ];
}

const getStaffRowId = (params: GetRowIdParams<StaffMember>) => String(params.data.id);

const STAFF_DEFAULT_COLDEF: ColDef<StaffMember> = {
  resizable: true,
  sortable: true,
  filter: true,
  suppressHeaderMenuButton: true,
  cellDataType: false,
};

/** Staff administration (administrators): the list, enable/disable, and "Nuovo utente". */
export function StaffPage({ session }: { session: SessionInfo }) {
  const { t, language } = useI18n();
  const { restoredCount } = useConnection();
  const staff = useCall('staff/list', {});
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<StaffMember | null>(null);
  const [toggling, setToggling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  const seenRestored = useRef(restoredCount);
  const { reload } = staff;
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    void reload();
  }, [restoredCount, reload]);

  const columnDefs = useMemo(() => staffColumns(t), [t]);
  const context = useMemo<StaffGridContext>(
    () => ({
      currentStaffId: session.staffId,
      onToggle: (member) => {
        setActionError(null);
        setConfirming(member);
      },
    }),
    [session.staffId],
  );

  const toggle = async () => {
    if (!confirming) return;
    const member = confirming;
    setToggling(true);
    const result = await call('staff/setEnabled', { staffId: member.id, enabled: !member.enabled });
    setToggling(false);
    setConfirming(null);
    if (result.ok) {
      setActionError(null);
      setNotice(t(result.data.enabled ? 'staff.enabledNotice' : 'staff.disabledNotice', { username: result.data.username }));
      void staff.reload();
    } else {
      setNotice(null);
      setActionError(result.error);
    }
  };

  return (
    <main className="page" aria-labelledby="staff-title">
      <div className="page-head">
        <div className="page-title">
          <h1 id="staff-title">{t('staff.title')}</h1>
          <span className="page-intro">{t('staff.intro')}</span>
        </div>
        <div className="page-tools">
          <button type="button" className="btn" onClick={() => void staff.reload()}>
            <Icon name="refresh" />
            {t('worklist.refresh')}
          </button>
          <button
            ref={createButton}
            type="button"
            className="btn btn-primary"
            data-testid="staff-create-open"
            onClick={() => {
              setNotice(null);
              setActionError(null);
              setCreating(true);
            }}
          >
            <Icon name="plus" />
            {t('staff.create.open')}
          </button>
        </div>
      </div>

      {notice && (
        <Notice kind="success" testId="staff-notice" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {actionError && (
        <Notice kind="error" testId="staff-error" onClose={() => setActionError(null)}>
          {errorMessage(actionError, t)}
        </Notice>
      )}
      {staff.error && (
        <Notice kind="error" testId="staff-load-error">
          {t('staff.loadError', { message: errorMessage(staff.error, t) })}
        </Notice>
      )}

      <div className="grid-wrap" data-testid="staff-grid">
        <AgGridReact<StaffMember>
          key={language}
          theme={gridTheme}
          localeText={gridLocale(language)}
          rowData={staff.data ?? []}
          loading={staff.loading && staff.data === null}
          columnDefs={columnDefs}
          defaultColDef={STAFF_DEFAULT_COLDEF}
          context={context}
          getRowId={getStaffRowId}
          animateRows={false}
          tooltipShowDelay={700}
        />
      </div>

      {confirming && (
        <ConfirmDialog
          danger={confirming.enabled}
          busy={toggling}
          title={t(confirming.enabled ? 'staff.confirmDisable.title' : 'staff.confirmEnable.title', { name: confirming.fullName })}
          body={t(confirming.enabled ? 'staff.confirmDisable.body' : 'staff.confirmEnable.body', { username: confirming.username })}
          confirmLabel={confirming.enabled ? t('staff.disable') : t('staff.enable')}
          onConfirm={() => void toggle()}
          onCancel={() => setConfirming(null)}
        />
      )}

      {creating && (
        <CreateStaffPanel
          onClose={() => {
            setCreating(false);
            createButton.current?.focus();
          }}
          onCreated={(member) => {
            setCreating(false);
            setNotice(t('staff.created', { username: member.username }));
            void staff.reload();
            createButton.current?.focus();
          }}
        />
      )}
    </main>
  );
}
