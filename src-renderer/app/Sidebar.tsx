import { Icon } from '../ui/icons';
import { useNav } from './nav-store';
import { registry, type AreaContribution } from './contributions';

const noBadge = () => null;

function NavItem({ area, index }: { area: AreaContribution; index: number }) {
  const current = useNav((s) => s.area);
  const active = useNav((s) => s.active);
  const goArea = useNav((s) => s.goArea);
  const badge = (area.useBadge ?? noBadge)();
  return (
    <button
      type="button"
      className={`nav-item${current === area.id ? ' on' : ''}${current === area.id && active === null ? ' current' : ''}`}
      aria-current={current === area.id ? 'page' : undefined}
      data-testid={`nav-${area.id}`}
      title={index < 9 ? `${area.label} (Ctrl+${index + 1})` : area.label}
      onClick={() => goArea(area.id)}
    >
      <Icon name={area.id} />
      <span className="nav-label">{area.label}</span>
      {badge && badge.count > 0 ? (
        <span className="nav-count" title={badge.title}>
          {badge.count}
        </span>
      ) : null}
    </button>
  );
}

/** The areas, one icon+label each (as they contribute themselves). Ctrl+1..9 jump to them. */
export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Areas">
      <div className="brand" title="Opsdeck">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Opsdeck</span>
      </div>
      {registry.areas().map((a, i) => (
        <NavItem key={a.id} area={a} index={i} />
      ))}
    </nav>
  );
}
