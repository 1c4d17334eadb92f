import { useMysql } from './mysql-store';
import { TopologyView } from './TopologyView';
import { SetupWizard } from './SetupWizard';
import './mysql.css';

/** MySQL: replication topology and the replication setup wizard. */
export function MysqlArea() {
  const view = useMysql((s) => s.view);
  const setView = useMysql((s) => s.setView);
  return (
    <div className="mysql-area">
      <div className="toolbar mysql-views" role="tablist" aria-label="MySQL views">
        <button
          type="button"
          role="tab"
          aria-selected={view === 'topology'}
          className={`btn${view === 'topology' ? ' primary' : ''}`}
          data-testid="mysql-view-topology"
          onClick={() => setView('topology')}
        >
          Topology
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={view === 'setup'}
          className={`btn${view === 'setup' ? ' primary' : ''}`}
          data-testid="mysql-view-setup"
          onClick={() => setView('setup')}
        >
          Set up replication
        </button>
      </div>
      {view === 'topology' ? <TopologyView /> : <SetupWizard />}
    </div>
  );
}
