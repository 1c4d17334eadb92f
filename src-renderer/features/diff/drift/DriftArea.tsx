import { useMemo } from 'react';
import { ErrorNote } from '../../../ui/ErrorNote';
import { useHosts } from '../../hosts/hosts-store';
import { openCompareDialog } from '../compare/compare-dialog-store';
import { emptyRow } from '../compare/compare-form';
import { DriftMatrix } from './DriftMatrix';
import { patchForm, runDrift, useDrift } from './drift-store';
import '../diff.css';

/** Config drift: one path across a group, clustered; the area also opens a plain comparison. */
export function DriftArea() {
  const { form, running, report, error } = useDrift();
  const hosts = useHosts((s) => s.hosts);
  const groups = useMemo(() => [...new Set(hosts.flatMap((h) => h.groups))].sort(), [hosts]);
  const scopeHosts =
    form.scope.kind === 'group'
      ? hosts.filter((h) => h.groups.includes((form.scope as { group: string }).group))
      : hosts.filter((h) => (form.scope as { hostIds: string[] }).hostIds.includes(h.id));
  const canRun =
    !running &&
    form.path.trim().startsWith('/') &&
    scopeHosts.length > 0 &&
    (form.baseline !== 'host' || !!form.goldenHostId) &&
    (form.baseline !== 'template' || !!form.templatePath.trim());
  return (
    <div className="drift" data-testid="drift-area">
      <header className="drift-head">
        <h1>Config drift</h1>
        <span className="muted">one file across a group: which hosts differ, and from what</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          title="Compare two or three files (vimdiff a b [c])"
          onClick={() => openCompareDialog([emptyRow('', form.path), emptyRow('', form.path)])}
          data-testid="drift-compare-files"
        >
          Compare files…
        </button>
      </header>
      <form
        className="drift-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun) void runDrift();
        }}
      >
        {form.scope.kind === 'group' ? (
          <select
            className="input"
            aria-label="Group"
            value={form.scope.group}
            onChange={(e) => patchForm({ scope: { kind: 'group', group: e.target.value } })}
            data-testid="drift-group"
          >
            <option value="">group…</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g} ({hosts.filter((h) => h.groups.includes(g)).length})
              </option>
            ))}
          </select>
        ) : (
          <span className="badge" title={scopeHosts.map((h) => h.name).join(', ')}>
            {scopeHosts.length} selected hosts{' '}
            <button
              type="button"
              className="btn small ghost"
              aria-label="Pick a group instead"
              onClick={() => patchForm({ scope: { kind: 'group', group: '' } })}
            >
              ✕
            </button>
          </span>
        )}
        <input
          className="input mono drift-path"
          aria-label="Path on the hosts"
          placeholder="/etc/mysql/my.cnf"
          spellCheck={false}
          value={form.path}
          onChange={(e) => patchForm({ path: e.target.value })}
          data-testid="drift-path"
        />
        <label
          className="check small"
          title="Spaces, tabs, blank lines and line endings do not count"
        >
          <input
            type="checkbox"
            checked={form.ignoreWhitespace}
            onChange={(e) => patchForm({ ignoreWhitespace: e.target.checked })}
          />
          Ignore whitespace
        </label>
        <label className="check small" title="Comment lines of this kind of file do not count">
          <input
            type="checkbox"
            checked={form.ignoreComments}
            onChange={(e) => patchForm({ ignoreComments: e.target.checked })}
          />
          Ignore comments
        </label>
        <select
          className="input"
          aria-label="Baseline"
          value={form.baseline}
          onChange={(e) => patchForm({ baseline: e.target.value as typeof form.baseline })}
          data-testid="drift-baseline"
        >
          <option value="majority">Baseline: majority</option>
          <option value="host">Baseline: golden host</option>
          <option value="template">Baseline: template</option>
        </select>
        {form.baseline === 'host' ? (
          <select
            className="input"
            aria-label="Golden host"
            value={form.goldenHostId}
            onChange={(e) => patchForm({ goldenHostId: e.target.value })}
          >
            <option value="">golden host…</option>
            {scopeHosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        ) : null}
        {form.baseline === 'template' ? (
          <input
            className="input mono"
            aria-label="Template (a local file)"
            placeholder="/home/me/templates/my.cnf.tmpl"
            value={form.templatePath}
            onChange={(e) => patchForm({ templatePath: e.target.value })}
          />
        ) : null}
        <button type="submit" className="btn primary" disabled={!canRun} data-testid="drift-run">
          {running
            ? 'Reading…'
            : `Check ${scopeHosts.length || ''} host${scopeHosts.length === 1 ? '' : 's'}`}
        </button>
      </form>
      {error ? <ErrorNote error={error} testId="drift-error" /> : null}
      {report ? (
        <DriftMatrix report={report} />
      ) : (
        <div className="area-center muted">
          Pick a group and a path: every host’s file is read, hosts with identical content are
          clustered, and the majority (or a golden host, or a template) is the baseline.
        </div>
      )}
    </div>
  );
}
