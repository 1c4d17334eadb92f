import { useMysql, type MysqlView } from './mysql-store';
import { TopologyView } from './TopologyView';
import { SetupWizard } from './SetupWizard';
import { ClusterSettingsDialog } from './ClusterSettingsDialog';
import { FailoverWizard } from './FailoverWizard';
import { TrafficView } from './TrafficView';
import { DetectMysqlBanner } from './DetectMysqlBanner';
import { TabList } from '../../ui/TabList';
import './mysql.css';

const VIEWS: [MysqlView, string][] = [
  ['topology', 'Topology'],
  ['setup', 'Set up replication'],
  ['traffic', 'Traffic (HAProxy)'],
];

/** MySQL: topology, replication setup and traffic as tabs (arrows switch); failover's wizard. */
export function MysqlArea() {
  const view = useMysql((s) => s.view);
  const setView = useMysql((s) => s.setView);
  const settingsFor = useMysql((s) => s.settingsFor);
  const wizard = useMysql((s) => s.wizard);
  const closeSettings = useMysql((s) => s.closeClusterSettings);
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
        {wizard ? (
          <FailoverWizard key={`${wizard.mode}:${wizard.master}`} target={wizard} />
        ) : view === 'topology' ? (
          <TopologyView />
        ) : view === 'traffic' ? (
          <TrafficView />
        ) : (
          <SetupWizard />
        )}
      </div>
      {settingsFor ? <ClusterSettingsDialog host={settingsFor} onClose={closeSettings} /> : null}
    </div>
  );
}
