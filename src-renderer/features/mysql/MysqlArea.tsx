import { useMysql, type MysqlView } from './mysql-store';
import { TopologyView } from './TopologyView';
import { SetupWizard } from './SetupWizard';
import { ClusterSettingsDialog } from './ClusterSettingsDialog';
import { FailoverWizard } from './FailoverWizard';
import { TrafficView } from './TrafficView';
import { DetectMysqlBanner } from './DetectMysqlBanner';
import './mysql.css';

const VIEWS: [MysqlView, string][] = [
  ['topology', 'Topology'],
  ['setup', 'Set up replication'],
  ['traffic', 'Traffic (HAProxy)'],
];

/** MySQL: replication topology and the replication setup wizard. */
export function MysqlArea() {
  const view = useMysql((s) => s.view);
  const setView = useMysql((s) => s.setView);
  const settingsFor = useMysql((s) => s.settingsFor);
  const wizard = useMysql((s) => s.wizard);
  const closeSettings = useMysql((s) => s.closeClusterSettings);
  return (
    <div className="mysql-area">
      <div className="toolbar mysql-views" role="tablist" aria-label="MySQL views">
        {VIEWS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={view === id}
            className={`btn${view === id ? ' primary' : ''}`}
            data-testid={`mysql-view-${id}`}
            onClick={() => setView(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <DetectMysqlBanner />
      {wizard ? (
        <FailoverWizard key={`${wizard.mode}:${wizard.master}`} target={wizard} />
      ) : view === 'topology' ? (
        <TopologyView />
      ) : view === 'traffic' ? (
        <TrafficView />
      ) : (
        <SetupWizard />
      )}
      {settingsFor ? <ClusterSettingsDialog host={settingsFor} onClose={closeSettings} /> : null}
    </div>
  );
}
