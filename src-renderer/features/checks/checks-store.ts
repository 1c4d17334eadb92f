import type {
  CheckDefinition,
  CheckEvent,
  CheckStatus,
  DeployReport,
  DeploySuite,
} from '../../../src-main/contract';
import { client } from '../../api';
import { createFeedStore } from '../../ui/feed-store';
import { notifyCheck } from './notifications';

interface ChecksData {
  checks: CheckDefinition[];
  status: CheckStatus[];
  history: CheckEvent[];
}

const pairKey = (s: Pick<CheckStatus, 'checkId' | 'host'>) => `${s.checkId} ${s.host}`;

/**
 * Checks, their current states and recent changes, kept by checks.changed: a state change
 * replaces that check's status and goes on top of the history at once; new or changed
 * definitions fetch the lot again.
 */
export const checksFeed = createFeedStore({
  initial: { checks: [], status: [], history: [] } as ChecksData,
  fetch: () =>
    Promise.all([
      client.call('checks.list', {}),
      client.call('checks.status', {}),
      client.call('checks.history', { limit: 200 }),
    ]),
  toState: ([checks, status, history]) => ({ checks, status, history }),
  events: client,
  topic: 'checks.changed',
  onEvent: (e, st) =>
    e.kind === 'definitions'
      ? 'refetch'
      : {
          status: st.status.some((x) => pairKey(x) === pairKey(e.status))
            ? st.status.map((x) => (pairKey(x) === pairKey(e.status) ? e.status : x))
            : [...st.status, e.status],
          history: [e.change, ...st.history].slice(0, 500),
        },
});
export const useChecks = checksFeed.use;

/** Deployment suites and their latest reports, fetched again on deploy.changed. */
export const deployFeed = createFeedStore({
  initial: { suites: [], reports: [] } as { suites: DeploySuite[]; reports: DeployReport[] },
  fetch: () =>
    Promise.all([client.call('deploy.suites', {}), client.call('deploy.reports', { limit: 50 })]),
  toState: ([suites, reports]) => ({ suites, reports }),
  events: client,
  topic: 'deploy.changed',
});
export const useDeploy = deployFeed.use;

/** Desktop notifications of check state changes (notifyCheck decides which deserve one). */
export function startCheckNotifications(): () => void {
  return client.on('checks.changed', (e) =>
    e.kind === 'status' ? notifyCheck(e.change) : undefined,
  );
}

/** Counts per state (the status bar, the area's badge). */
export function stateCounts(status: readonly CheckStatus[]): Record<CheckStatus['state'], number> {
  const out = { OK: 0, WARNING: 0, CRITICAL: 0, UNKNOWN: 0 };
  for (const s of status) out[s.state]++;
  return out;
}
