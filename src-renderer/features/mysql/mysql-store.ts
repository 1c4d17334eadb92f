import { create } from 'zustand';
import { nav } from '../../app/nav-store';

export type MysqlView = 'topology' | 'setup' | 'traffic';

/** The failover / switchover wizard, when open. */
export interface WizardTarget {
  mode: 'switchover' | 'failover';
  master: string;
}

/** What the replication setup wizard opens with (e.g. a new replica of the new master). */
export interface SetupPreset {
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
  /** Read once by the setup wizard when it opens. */
  setupPreset: SetupPreset | null;
  /** The replication setup wizard, pre-filled (the failover wizard closes). */
  openSetup(preset: SetupPreset): void;
  setView(view: MysqlView): void;
  setStartHost(host: string): void;
}

export const useMysql = create<MysqlState>((set) => ({
  view: 'topology',
  wizard: null,
  settingsFor: null,
  // The monitor's alert asks for the wizard of a dead master; when that wizard is open already
  // (the person opened it first) it stays as it is: their stage and pick are kept.
  openFailoverWizard: (wizard) =>
    set((s) =>
      s.wizard?.mode === wizard.mode && s.wizard.master === wizard.master ? s : { wizard },
    ),
  closeFailoverWizard: () => set({ wizard: null }),
  openClusterSettings: (settingsFor) => set({ settingsFor }),
  closeClusterSettings: () => set({ settingsFor: null }),
  startHost: '',
  setupPreset: null,
  openSetup: (setupPreset) => set({ view: 'setup', wizard: null, setupPreset }),
  setView: (view) => set({ view, wizard: null }),
  setStartHost: (startHost) => set({ startHost }),
}));

/** Host menu: "Show replication topology". */
export function showTopology(hostName: string): void {
  useMysql.setState({ view: 'topology', startHost: hostName });
  nav().goArea('mysql');
}
