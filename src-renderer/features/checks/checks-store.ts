import { create } from 'zustand';
import type {
  CheckDefinition,
  CheckEvent,
  CheckStatus,
  DeployReport,
  DeploySuite,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notifyCheck } from './notifications';

interface ChecksState {
  checks: CheckDefinition[];
  status: CheckStatus[];
  history: CheckEvent[];
  suites: DeploySuite[];
  reports: DeployReport[];
  loaded: boolean;
  load(): Promise<void>;
  loadDeploy(): Promise<void>;
}

const pairKey = (s: Pick<CheckStatus, 'checkId' | 'host'>) => `${s.checkId} ${s.host}`;

/** Checks, their current states and recent changes; deployment suites and reports. */
export const useChecks = create<ChecksState>((set) => ({
  checks: [],
  status: [],
  history: [],
  suites: [],
  reports: [],
  loaded: false,
  load: async () => {
    const [checks, status, history] = await Promise.all([
      client.call('checks.list', {}),
      client.call('checks.status', {}),
      client.call('checks.history', { limit: 200 }),
    ]);
    set({ checks, status, history, loaded: true });
  },
  loadDeploy: async () => {
    const [suites, reports] = await Promise.all([
      client.call('deploy.suites', {}),
      client.call('deploy.reports', { limit: 50 }),
    ]);
    set({ suites, reports });
  },
}));

/**
 * Follow checks.changed: a state change replaces that check's status and goes on top of the
 * history at once (and notifies when it should); new or changed definitions reload the lot.
 */
export function startChecksFeed(): () => void {
  const s = useChecks.getState();
  void s.load().catch(() => undefined);
  void s.loadDeploy().catch(() => undefined);
  const offs = [
    client.on('checks.changed', (e) => {
      if (e.kind === 'definitions')
        return void useChecks
          .getState()
          .load()
          .catch(() => undefined);
      useChecks.setState((st) => ({
        status: st.status.some((x) => pairKey(x) === pairKey(e.status))
          ? st.status.map((x) => (pairKey(x) === pairKey(e.status) ? e.status : x))
          : [...st.status, e.status],
        history: [e.change, ...st.history].slice(0, 500),
      }));
      notifyCheck(e.change);
    }),
    client.on(
      'deploy.changed',
      () =>
        void useChecks
          .getState()
          .loadDeploy()
          .catch(() => undefined),
    ),
  ];
  return () => offs.forEach((off) => off());
}

/** Counts per state (the status bar, the area's badge). */
export function stateCounts(status: readonly CheckStatus[]): Record<CheckStatus['state'], number> {
  const out = { OK: 0, WARNING: 0, CRITICAL: 0, UNKNOWN: 0 };
  for (const s of status) out[s.state]++;
  return out;
}
