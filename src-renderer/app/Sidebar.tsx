import { Icon } from '../ui/icons';
import { AREAS, useNav } from './nav-store';
import { useRuns } from '../features/workflows/runs-store';

/** The areas, one icon+label each. Ctrl+1..9 jump to them. */
export function Sidebar() {
  const area = useNav((s) => s.area);
  const active = useNav((s) => s.active);
  const goArea = useNav((s) => s.goArea);
  const running = useRuns((s) => s.runs.filter((r) => r.status === 'running').length);
  return (
    <nav className="sidebar" aria-label="Areas">
      <div className="brand" title="Opsdeck">
        <span className="brand-mark" aria-hidden="true" />
        Opsdeck
      </div>
      {AREAS.map((a, i) => (
        <button
          key={a.id}
          type="button"
          className={`nav-item${area === a.id ? ' on' : ''}${area === a.id && active === null ? ' current' : ''}`}
          aria-current={area === a.id ? 'page' : undefined}
          data-testid={`nav-${a.id}`}
          title={i < 9 ? `${a.label} (Ctrl+${i + 1})` : a.label}
          onClick={() => goArea(a.id)}
        >
          <Icon name={a.id} />
          <span>{a.label}</span>
          {a.id === 'runs' && running > 0 ? (
            <span className="nav-count" title={`${running} running`}>
              {running}
            </span>
          ) : null}
        </button>
      ))}
    </nav>
  );
}
