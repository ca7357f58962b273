import { useMemo, useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { ClassificationNode, Titolario } from '../../shared/api/titolario';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';

interface TitleGroup {
  title: ClassificationNode;
  classes: ClassificationNode[];
}

function groupByTitle(nodes: ClassificationNode[]): TitleGroup[] {
  const titles = nodes.filter((node) => node.parentId === null);
  return titles.map((title) => ({
    title,
    classes: nodes
      .filter((node) => node.code.startsWith(`${title.code}.`))
      .sort((a, b) => a.code.localeCompare(b.code, 'it', { numeric: true })),
  }));
}

interface NodeRowProps {
  node: ClassificationNode;
  /** A title is the summary line of its group; a class is a row of the list. */
  asSummary?: boolean;
  onSave(node: ClassificationNode, changes: { title: string; active: boolean }): Promise<boolean>;
}

function NodeRow({ node, asSummary = false, onSave }: NodeRowProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(node.title);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onSave(node, { title, active: node.active })) setEditing(false);
  };
  const Row = asSummary ? 'summary' : 'li';
  return (
    <Row
      className={`titolario-node${asSummary ? ' titolario-title-row' : ''}${node.active ? '' : ' titolario-inactive'}`}
      data-testid={`titolario-node-${node.code}`}
    >
      <span className="cell-mono titolario-code">{node.code}</span>
      {editing ? (
        <form className="titolario-edit" onSubmit={(event) => void submit(event)}>
          <input
            aria-label={t('titolario.title')}
            value={title}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setTitle(node.title);
                setEditing(false);
              }
            }}
          />
          <button type="submit" className="btn btn-small btn-primary">
            {t('titolario.save')}
          </button>
        </form>
      ) : (
        <span className="titolario-title">{node.title}</span>
      )}
      <span className="titolario-uses" title={t('titolario.usesHint')}>
        {node.procedures > 0 ? t('titolario.uses', { count: node.procedures }) : ''}
      </span>
      {!node.active && <span className="pill pill-disabled">{t('titolario.inactive')}</span>}
      <span className="titolario-actions">
        {!editing && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
            {t('titolario.rename')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          data-testid={`titolario-toggle-${node.code}`}
          onClick={() => void onSave(node, { title: node.title, active: !node.active })}
        >
          {node.active ? t('titolario.deactivate') : t('titolario.activate')}
        </button>
      </span>
    </Row>
  );
}

/**
 * The titolario (DPR 445/2000 artt. 56 and 64) as the administrator keeps it: titles and classes,
 * renamed or deactivated (never recoded), new entries, and which class each procedure's documents
 * are filed under.
 */
export function TitolarioPage() {
  const { t } = useI18n();
  const loaded = useCall('titolario/get', {});
  const [titolario, setTitolario] = useState<Titolario | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [newCode, setNewCode] = useState('');
  const [newTitle, setNewTitle] = useState('');
  const current = titolario ?? loaded.data;
  const groups = useMemo(() => (current ? groupByTitle(current.nodes) : []), [current]);
  const activeClasses = useMemo(() => (current ? current.nodes.filter((node) => node.active) : []), [current]);

  const apply = (result: { ok: true; data: Titolario } | { ok: false; error: ApiError }, done: string): boolean => {
    if (!result.ok) {
      setNotice(null);
      setError(result.error);
      return false;
    }
    setError(null);
    setNotice(done);
    setTitolario(result.data);
    return true;
  };

  const saveNode = async (node: ClassificationNode, changes: { title: string; active: boolean }) =>
    apply(await call('titolario/save', { id: node.id, code: node.code, ...changes }), t('titolario.saved', { code: node.code }));

  const addNode = async (event: FormEvent) => {
    event.preventDefault();
    if (apply(await call('titolario/save', { code: newCode, title: newTitle }), t('titolario.added', { code: newCode.toUpperCase() }))) {
      setNewCode('');
      setNewTitle('');
    }
  };

  return (
    <main className="page page-scroll" aria-labelledby="titolario-title">
      <div className="page-head">
        <div className="page-title">
          <h1 id="titolario-title">{t('titolario.heading')}</h1>
          <span className="page-intro">{t('titolario.intro')}</span>
        </div>
      </div>
      {notice && (
        <Notice kind="success" testId="titolario-notice" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {(error ?? loaded.error) && (
        <Notice kind="error" testId="titolario-error" onClose={() => setError(null)}>
          {errorMessage((error ?? loaded.error)!, t)}
        </Notice>
      )}
      <div className="titolario-layout">
        <section className="titolario-panel" aria-labelledby="titolario-tree">
          <h2 id="titolario-tree">{t('titolario.tree')}</h2>
          <form className="titolario-new" onSubmit={(event) => void addNode(event)} data-testid="titolario-new">
            <input
              aria-label={t('titolario.code')}
              placeholder="VI.3.1"
              value={newCode}
              onChange={(event) => setNewCode(event.target.value)}
              size={8}
            />
            <input
              aria-label={t('titolario.title')}
              placeholder={t('titolario.titlePlaceholder')}
              value={newTitle}
              onChange={(event) => setNewTitle(event.target.value)}
            />
            <button type="submit" className="btn btn-primary" disabled={!newCode.trim() || !newTitle.trim()}>
              <Icon name="plus" />
              {t('titolario.add')}
            </button>
          </form>
          {groups.map((group) => (
            <details key={group.title.id} className="titolario-group" open={group.classes.some((node) => node.procedures > 0)}>
              <NodeRow key={`${group.title.title}-${group.title.active}`} node={group.title} asSummary onSave={saveNode} />
              <ul>
                {group.classes.map((node) => (
                  <NodeRow key={`${node.id}-${node.title}-${node.active}`} node={node} onSave={saveNode} />
                ))}
              </ul>
            </details>
          ))}
        </section>
        <section className="titolario-panel" aria-labelledby="titolario-procedures">
          <h2 id="titolario-procedures">{t('titolario.procedures')}</h2>
          <table className="titolario-table" data-testid="titolario-procedures">
            <thead>
              <tr>
                <th>{t('titolario.procedure')}</th>
                <th>{t('titolario.office')}</th>
                <th>{t('titolario.classification')}</th>
              </tr>
            </thead>
            <tbody>
              {(current?.procedures ?? []).map((procedure) => (
                <tr key={procedure.procedureTypeId}>
                  <td>{procedure.name}</td>
                  <td>{procedure.officeName}</td>
                  <td>
                    <select
                      aria-label={t('titolario.classificationOf', { name: procedure.name })}
                      data-testid={`titolario-procedure-${procedure.code}`}
                      value={procedure.classificationId ?? ''}
                      onChange={async (event) =>
                        apply(
                          await call('titolario/classifyProcedure', {
                            procedureTypeId: procedure.procedureTypeId,
                            classificationId: Number(event.target.value),
                          }),
                          t('titolario.procedureClassified', { name: procedure.name }),
                        )
                      }
                    >
                      {procedure.classificationId === null && <option value="">{t('titolario.unclassified')}</option>}
                      {activeClasses.map((node) => (
                        <option key={node.id} value={node.id}>
                          {node.code} — {node.title}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </main>
  );
}
