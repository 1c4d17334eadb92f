import { useMysql, type MysqlView } from './mysql-store';
import { TopologyView } from './TopologyView';
import { SetupWizard } from './SetupWizard';
import { DetectMysqlBanner } from './DetectMysqlBanner';
import { TabList } from '../../ui/TabList';
import './mysql.css';

const VIEWS: [MysqlView, string][] = [
  ['topology', 'Topology'],
  ['setup', 'Set up replication'],
];

/** MySQL: replication topology and the replication setup wizard (two tabs: arrows switch). */
export function MysqlArea() {
  const view = useMysql((s) => s.view);
  const setView = useMysql((s) => s.setView);
  return (
    <div className="mysql-area">
      <div className="toolbar mysql-views">
        <TabList
          label="MySQL views"
          className="tablist mysql-tabs"
          idPrefix="mysql-view"
          panelId="mysql-view-panel"
          selected={view}
          onSelect={(id) => setView(id as MysqlView)}
          items={VIEWS.map(([id, label]) => ({
            key: id,
            label,
            testId: `mysql-view-${id}`,
            className: 'btn',
          }))}
        />
      </div>
      <DetectMysqlBanner />
      <div
        id="mysql-view-panel"
        className="mysql-view-panel"
        role="tabpanel"
        aria-labelledby={`mysql-view-${view}`}
      >
        {view === 'topology' ? <TopologyView /> : <SetupWizard />}
      </div>
    </div>
  );
}
