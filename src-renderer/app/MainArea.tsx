import { useNav } from './nav-store';
import { HostsArea } from '../features/hosts/HostsArea';
import { HostDetails } from '../features/hosts/HostDetails';
import { RunsArea } from '../features/workflows/RunsArea';
import { RunTab } from '../features/workflows/RunTab';
import { PlanTab } from '../features/workflows/PlanTab';
import { AuditArea } from '../features/audit/AuditArea';
import { SettingsArea } from '../features/settings/SettingsArea';
import { Ec2Area } from '../features/ec2/Ec2Area';
import { LaunchTab } from '../features/ec2/launch/LaunchTab';
import { TerminalsArea } from '../features/terminals/TerminalsArea';
import { ExecArea } from '../features/exec/ExecArea';
import { TunnelsArea } from '../features/tunnels/TunnelsArea';
import { MysqlArea } from '../features/mysql/MysqlArea';
import { BackupsArea } from '../features/backups/BackupsArea';
import { FilesTab } from '../features/files/FilesTab';
import type { Tab } from './tabs';

function AreaView() {
  const area = useNav((s) => s.area);
  switch (area) {
    case 'hosts':
      return <HostsArea />;
    case 'ec2':
      return <Ec2Area />;
    case 'terminals':
      return <TerminalsArea />;
    case 'exec':
      return <ExecArea />;
    case 'tunnels':
      return <TunnelsArea />;
    case 'runs':
      return <RunsArea />;
    case 'audit':
      return <AuditArea />;
    case 'settings':
      return <SettingsArea />;
    case 'mysql':
      return <MysqlArea />;
    case 'backups':
      return <BackupsArea />;
  }
}

function TabView({ tab }: { tab: Tab }) {
  switch (tab.kind) {
    case 'host':
      return <HostDetails hostId={tab.hostId} />;
    case 'run':
      return <RunTab runId={tab.runId} />;
    case 'plan':
      return <PlanTab workflow={tab.workflow} hostId={tab.hostId} />;
    case 'ec2-launch':
      return <LaunchTab launchId={tab.launchId} />;
    case 'files':
      return <FilesTab hostId={tab.hostId} />;
  }
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
