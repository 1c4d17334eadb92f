import { useEffect, useRef } from 'react';
import { useNav } from './nav-store';
import { registry } from './contributions';
import type { Tab } from './tabs';
import { ConnectionBanner } from './ConnectionBanner';
import { AREA_TAB, MAIN_PANEL_ID, TAB_ID_PREFIX, TabStrip, kindLabel } from './TabStrip';

function AreaView() {
  const area = useNav((s) => s.area);
  const Screen = registry.area(area)?.Screen;
  return Screen ? <Screen /> : <div className="area-center muted">No such area: {area}</div>;
}

function TabView({ tab }: { tab: Tab }) {
  const View = registry.tab(tab.kind)?.View;
  return View ? (
    <View tab={tab} />
  ) : (
    <div className="area-center muted">Nothing shows {tab.kind} tabs.</div>
  );
}

export const MAIN_ID = 'main';

/**
 * The main landmark: the screen's level-one heading (visually hidden: the tab strip shows the
 * name), the tab strip, and the area's view or the active tab (only one is mounted). Screens'
 * own headings start at h2.
 */
export function MainArea() {
  const area = useNav((s) => s.area);
  const active = useNav((s) => s.active);
  const tab = useNav((s) => s.tabs.find((t) => t.key === s.active));
  const shown = active !== null ? tab : undefined;
  const title = shown
    ? `${kindLabel(shown)}: ${shown.title}`
    : (registry.area(area)?.label ?? area);

  // A screen change that took the focus with it (the table that had it is gone) leaves it on
  // the new screen, not lost on <body>: Tab goes on from here, a screen reader reads the title.
  // Not on the first screen: there the first Tab stop is the skip link.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (document.activeElement === document.body || document.activeElement === null)
      document.getElementById(MAIN_ID)?.focus({ preventScroll: true });
  }, [area, active]);

  return (
    <main
      id={MAIN_ID}
      className="main-view"
      tabIndex={-1}
      aria-labelledby="screen-title"
      data-area={area}
      data-tab={shown?.kind}
    >
      <h1 id="screen-title" className="sr-only">
        {title}
      </h1>
      <ConnectionBanner />
      <TabStrip />
      <div
        id={MAIN_PANEL_ID}
        className="main-panel"
        role="tabpanel"
        aria-labelledby={`${TAB_ID_PREFIX}-${shown ? shown.key : AREA_TAB}`}
      >
        {shown ? <TabView key={shown.key} tab={shown} /> : <AreaView />}
      </div>
    </main>
  );
}
