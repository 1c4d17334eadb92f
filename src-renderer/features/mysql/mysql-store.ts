import { create } from 'zustand';
import { nav } from '../../app/nav-store';

export type MysqlView = 'topology' | 'setup';

interface MysqlState {
  view: MysqlView;
  /** Host (name) the topology is drawn from. */
  startHost: string;
  setView(view: MysqlView): void;
  setStartHost(host: string): void;
}

export const useMysql = create<MysqlState>((set) => ({
  view: 'topology',
  startHost: '',
  setView: (view) => set({ view }),
  setStartHost: (startHost) => set({ startHost }),
}));

/** Host menu: "Show replication topology". */
export function showTopology(hostName: string): void {
  useMysql.setState({ view: 'topology', startHost: hostName });
  nav().goArea('mysql');
}
