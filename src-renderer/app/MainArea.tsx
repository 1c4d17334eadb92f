import { useNav } from './nav-store';
import { registry } from './contributions';
import type { Tab } from './tabs';

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

/** What the main area shows: the area's view, or the active tab (only one is mounted). */
export function MainArea() {
  const active = useNav((s) => s.active);
  const tab = useNav((s) => s.tabs.find((t) => t.key === s.active));
  return (
    <main className="main-view" role="tabpanel">
      {active !== null && tab ? <TabView key={tab.key} tab={tab} /> : <AreaView />}
    </main>
  );
}
