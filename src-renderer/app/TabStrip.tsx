import { useNav } from './nav-store';
import { registry } from './contributions';
import type { Tab } from './tabs';
import { TabList, type TabItem } from '../ui/TabList';

/** The tab strip's element ids, and the panel they show (MainArea). */
export const TAB_ID_PREFIX = 'doc-tab';
export const MAIN_PANEL_ID = 'main-panel';
export const AREA_TAB = 'area';

/** The tab's title: the area's own (a host tab follows renames), else the one it opened with. */
function TabTitle({ tab }: { tab: Tab }) {
  const Title = registry.tab(tab.kind)?.Title;
  return Title ? <Title tab={tab} /> : <>{tab.title}</>;
}

export const kindLabel = (tab: Tab) => registry.tab(tab.kind)?.label ?? tab.kind;

/** The area's own view, then the open documents. Delete, middle-click or Ctrl+W closes. */
export function TabStrip() {
  const { area, tabs, active, activate, close } = useNav();
  const items: TabItem[] = [
    {
      key: AREA_TAB,
      label: registry.area(area)?.label ?? '',
      className: 'tab area-tab',
      testId: 'tab-area',
    },
    ...tabs.map((t) => ({
      key: t.key,
      testId: `tab-${t.key}`,
      title: `${kindLabel(t)}: ${t.title}`,
      closeLabel: `Close ${t.title}`,
      label: (
        <>
          <span className={`tab-kind kind-${t.kind}`}>{kindLabel(t)}</span>
          <span className="tab-title">
            <TabTitle tab={t} />
          </span>
        </>
      ),
    })),
  ];
  return (
    <TabList
      label="Open tabs"
      className="tabstrip"
      idPrefix={TAB_ID_PREFIX}
      panelId={MAIN_PANEL_ID}
      items={items}
      selected={active ?? AREA_TAB}
      onSelect={(key) => activate(key === AREA_TAB ? null : key)}
      onClose={close}
    />
  );
}
