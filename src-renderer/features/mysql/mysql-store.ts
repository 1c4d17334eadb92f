import { create } from 'zustand';
import { nav } from '../../app/nav-store';

export type MysqlView = 'topology' | 'setup' | 'traffic';

/** The failover / switchover wizard, when open. */
export interface WizardTarget {
  mode: 'switchover' | 'failover';
  master: string;
}

interface MysqlState {
  view: MysqlView;
  wizard: WizardTarget | null;
  /** Host whose cluster settings dialog is open. */
  settingsFor: string | null;
  openFailoverWizard(target: WizardTarget): void;
  closeFailoverWizard(): void;
  openClusterSettings(host: string): void;
  closeClusterSettings(): void;
  /** Host (name) the topology is drawn from. */
  startHost: string;
  setView(view: MysqlView): void;
  setStartHost(host: string): void;
}

export const useMysql = create<MysqlState>((set) => ({
  view: 'topology',
  wizard: null,
  settingsFor: null,
  openFailoverWizard: (wizard) => set({ wizard }),
  closeFailoverWizard: () => set({ wizard: null }),
  openClusterSettings: (settingsFor) => set({ settingsFor }),
  closeClusterSettings: () => set({ settingsFor: null }),
  startHost: '',
  setView: (view) => set({ view, wizard: null }),
  setStartHost: (startHost) => set({ startHost }),
}));

/** Host menu: "Show replication topology". */
export function showTopology(hostName: string): void {
  useMysql.setState({ view: 'topology', startHost: hostName });
  nav().goArea('mysql');
}
