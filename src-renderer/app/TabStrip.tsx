import { AREAS, useNav } from './nav-store';
import { useHosts } from '../features/hosts/hosts-store';
import type { Tab } from './tabs';

function TabTitle({ tab }: { tab: Tab }) {
  // Host tabs follow renames.
  const name = useHosts((s) => (tab.kind === 'host' ? s.byId.get(tab.hostId)?.name : undefined));
  return <>{name ?? tab.title}</>;
}

const KIND: Record<Tab['kind'], string> = {
  host: 'Host',
  run: 'Run',
  plan: 'Plan',
  'ec2-launch': 'EC2',
  files: 'Files',
  diff: 'Diff',
  drift: 'Drift',
};

/** The area's own view, then the open documents. Middle-click or Ctrl+W closes. */
export function TabStrip() {
  const { area, tabs, active, activate, close } = useNav();
  const areaLabel = AREAS.find((a) => a.id === area)?.label ?? '';
  return (
    <div className="tabstrip" role="tablist" aria-label="Open tabs">
      <button
        type="button"
        role="tab"
        aria-selected={active === null}
        className={`tab area-tab${active === null ? ' on' : ''}`}
        onClick={() => activate(null)}
      >
        {areaLabel}
      </button>
      {tabs.map((t) => (
        <div
          key={t.key}
          role="tab"
          tabIndex={0}
          aria-selected={active === t.key}
          className={`tab${active === t.key ? ' on' : ''}`}
          data-testid={`tab-${t.key}`}
          title={`${KIND[t.kind]}: ${t.title}`}
          onClick={() => activate(t.key)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') activate(t.key);
          }}
          onMouseDown={(e) => {
            if (e.button === 1) e.preventDefault(); // no autoscroll cursor
          }}
          onAuxClick={(e) => {
            if (e.button === 1) close(t.key);
          }}
        >
          <span className={`tab-kind kind-${t.kind}`}>{KIND[t.kind]}</span>
          <span className="tab-title">
            <TabTitle tab={t} />
          </span>
          <button
            type="button"
            className="tab-close"
            aria-label={`Close ${t.title}`}
            onClick={(e) => {
              e.stopPropagation();
              close(t.key);
            }}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
