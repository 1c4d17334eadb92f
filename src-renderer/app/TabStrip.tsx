import { useNav } from './nav-store';
import { registry } from './contributions';
import type { Tab } from './tabs';

/** The tab's title: the area's own (a host tab follows renames), else the one it opened with. */
function TabTitle({ tab }: { tab: Tab }) {
  const Title = registry.tab(tab.kind)?.Title;
  return Title ? <Title tab={tab} /> : <>{tab.title}</>;
}

const kindLabel = (tab: Tab) => registry.tab(tab.kind)?.label ?? tab.kind;

/** The area's own view, then the open documents. Middle-click or Ctrl+W closes. */
export function TabStrip() {
  const { area, tabs, active, activate, close } = useNav();
  const areaLabel = registry.area(area)?.label ?? '';
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
          title={`${kindLabel(t)}: ${t.title}`}
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
          <span className={`tab-kind kind-${t.kind}`}>{kindLabel(t)}</span>
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
