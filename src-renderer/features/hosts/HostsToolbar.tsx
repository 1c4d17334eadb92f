import { useState } from 'react';
import { Menu } from '../../ui/Menu';
import { useHostsView } from './view-store';
import { addHost, importLab, importSshConfig, removeHosts } from './host-actions';
import { registry } from '../../app/contributions';

export function HostsToolbar({
  total,
  shown,
  selected,
}: {
  total: number;
  shown: number;
  selected: string[];
}) {
  const query = useHostsView((s) => s.filter.query);
  const setQuery = useHostsView((s) => s.setQuery);
  const [importAt, setImportAt] = useState<{ x: number; y: number } | null>(null);

  return (
    <div className="toolbar">
      <input
        className="input search"
        type="search"
        placeholder="Search name, address, group, tag  ( / )"
        aria-label="Search hosts"
        data-testid="hosts-search"
        data-area-search
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setQuery('');
          if (e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault();
            document.querySelector<HTMLElement>('[data-testid="hosts-table"]')?.focus();
          }
        }}
      />
      <span className="toolbar-count muted" aria-live="polite">
        {shown === total ? `${total} hosts` : `${shown} of ${total} hosts`}
        {selected.length > 0 ? ` · ${selected.length} selected` : ''}
      </span>
      <span className="spacer" />
      {registry
        .hostListActions()
        .filter((a) => a.when(selected.length))
        .map((a) => (
          <button
            key={a.id}
            type="button"
            className="btn"
            title={a.title(selected.length)}
            onClick={() => a.run(selected)}
            data-testid={a.testId}
          >
            {a.label(selected.length)}
          </button>
        ))}
      {selected.length > 0 ? (
        <button
          type="button"
          className="btn"
          onClick={() => removeHosts(selected)}
          data-testid="remove-selected"
        >
          Remove {selected.length}…
        </button>
      ) : null}
      <button
        type="button"
        className="btn"
        data-testid="import-menu"
        aria-haspopup="menu"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setImportAt({ x: r.left, y: r.bottom + 2 });
        }}
      >
        Import ▾
      </button>
      <button
        type="button"
        className="btn primary"
        onClick={addHost}
        data-testid="add-host"
        title="New host (n in the table)"
      >
        Add host
      </button>
      {importAt ? (
        <Menu
          {...importAt}
          label="Import hosts"
          onClose={() => setImportAt(null)}
          items={[
            { id: 'lab', label: 'Lab inventory…', testId: 'import-lab', onSelect: importLab },
            {
              id: 'ssh',
              label: '~/.ssh/config',
              testId: 'import-ssh-config',
              onSelect: () => void importSshConfig(),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
