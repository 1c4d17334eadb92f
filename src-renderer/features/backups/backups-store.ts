import {
  ACTIVE_RUN_STATUSES,
  toErrorShape,
  type BackupEntry,
  type BackupKind,
  type BackupRunParamsIn,
  type ErrorShape,
  type Plan,
  type Progress,
  type RunStatus,
  type RunWaiting,
  type Schedule,
  type WorkflowStartIn,
} from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { createFeedStore } from '../../ui/feed-store';

/** What the user is doing with the selected backup, and how the last action went. */
export interface ActionState {
  label: string;
  runId?: string;
  status: RunStatus;
  /** What the run waits for: a gate (answer it here) or a lock another run holds. */
  waiting?: RunWaiting;
  /** The latest byte (or item) progress of its current step, with rate and time left. */
  progress?: Progress;
  error?: ErrorShape;
}

export interface BackupForm {
  hostId: string;
  kind: BackupKind;
  to: string;
}

interface BackupsState {
  entries: BackupEntry[];
  schedules: Schedule[];
  selected: string | null;
  form: BackupForm;
  /** Restore target and point in time for the selected backup. */
  restoreOnto: string;
  until: string;
  action: ActionState | null;
  /** The dry-run plan of the form's backup, when asked for. */
  plan: Plan | null;
}

/**
 * The catalog and the schedules (fetched again on backups.changed, debounced, and after a
 * reconnect; `error` says why the last fetch failed) beside what the user is doing with them.
 */
export const backupsFeed = createFeedStore({
  initial: {
    entries: [],
    schedules: [],
    selected: null,
    form: { hostId: '', kind: 'dump', to: '' },
    restoreOnto: '',
    until: '',
    action: null,
    plan: null,
  } as BackupsState,
  fetch: () =>
    Promise.all([
      client.call('backups.list', { limit: 500 }),
      client.call('backups.schedules.list', {}),
    ]),
  toState: ([entries, schedules], s) => ({
    entries,
    schedules,
    selected:
      s.selected && entries.some((e) => e.id === s.selected) ? s.selected : (entries[0]?.id ?? null),
  }),
  events: client,
  topic: 'backups.changed',
  debounceMs: 150,
});
export const useBackups = backupsFeed.use;

export const setBackupForm = (patch: Partial<BackupForm>) =>
  useBackups.setState((s) => ({ form: { ...s.form, ...patch }, plan: null }));

/** The action's run, followed by workflow events: its status, gate and progress; its end refetches. */
export function followBackupRuns(): () => void {
  return client.on('workflow.event', (e) => {
    const a = useBackups.getState().action;
    if (!a || e.runId !== a.runId) return;
    if (e.type === 'progress') {
      useBackups.setState({ action: { ...a, progress: e.progress } });
      return;
    }
    if (e.type !== 'run') return;
    const { status, waiting, error } = e.run;
    const going = ACTIVE_RUN_STATUSES.includes(status);
    useBackups.setState({
      action: {
        label: a.label,
        runId: a.runId,
        status,
        ...(waiting ? { waiting } : {}),
        ...(going && a.progress ? { progress: a.progress } : {}),
        ...(error ? { error } : {}),
      },
    });
    if (!going) void backupsFeed.refetch();
  });
}

/** Whether the current action's run is still going (running, at a gate, behind a lock). */
export const isGoing = (a: ActionState | null) =>
  Boolean(a && ACTIVE_RUN_STATUSES.includes(a.status));

export async function startRun(label: string, request: WorkflowStartIn) {
  useBackups.setState({ action: { label, status: 'running' }, plan: null });
  try {
    const { runId } = await client.call('workflows.start', request);
    useBackups.setState((s) => ({ action: s.action && { ...s.action, runId } }));
  } catch (err) {
    useBackups.setState({ action: { label, status: 'failed', error: toErrorShape(err) } });
  }
}

const backupParams = (hostName: string): BackupRunParamsIn => {
  const { form } = useBackups.getState();
  return {
    host: hostName,
    kind: form.kind,
    ...(form.kind !== 'snapshot' && form.to ? { to: form.to } : {}),
  };
};

export function runBackup(hostName: string) {
  const { form } = useBackups.getState();
  return startRun(`Backup of ${hostName} (${form.kind})`, {
    workflow: 'backup-run',
    params: backupParams(hostName),
  });
}

export async function planBackup(hostName: string) {
  try {
    const plan = await client.call('workflows.plan', {
      workflow: 'backup-run',
      params: backupParams(hostName),
    });
    useBackups.setState({ plan, action: null });
  } catch (err) {
    useBackups.setState({
      plan: null,
      action: { label: `Plan for ${hostName}`, status: 'failed', error: toErrorShape(err) },
    });
  }
}

/** Verify `e`; a hot backup is prepared on `on` (default: its ssh:// backup host). */
export const verifyBackup = (e: BackupEntry, on?: string) =>
  startRun(`Verify ${e.id}${on ? ` on ${on}` : ''}`, {
    workflow: 'backup-verify',
    params: { backupId: e.id, ...(on ? { on } : {}) },
  });

/**
 * A restore (test) of `e` onto a host. A target holding data is confirmed by a person at the
 * run's gate (its typed name), in this window or any other door — not by a field filled in
 * before anyone knows what the target holds.
 */
export function restoreBackup(e: BackupEntry, restoreOnto: string, pointInTime: boolean) {
  const u = useBackups.getState().until.trim();
  return startRun(
    pointInTime
      ? `Restore ${e.id} onto ${restoreOnto} up to ${u}`
      : `Restore test of ${e.id} on ${restoreOnto}`,
    {
      workflow: 'backup-restore',
      params: {
        backupId: e.id,
        onto: restoreOnto,
        test: !pointInTime,
        ...(pointInTime && u
          ? { until: /^\d{4}-/.test(u) ? { time: u.replace(' ', 'T') } : { gtid: u } }
          : {}),
      },
    },
  );
}

export async function runScheduleNow(s: Schedule) {
  useBackups.setState({ action: { label: `Schedule ${s.name}`, status: 'running' } });
  try {
    const { runId } = await client.call('backups.schedules.runNow', { id: s.id });
    useBackups.setState({ action: { label: `Schedule ${s.name}`, status: 'running', runId } });
  } catch (err) {
    useBackups.setState({
      action: { label: `Schedule ${s.name}`, status: 'failed', error: toErrorShape(err) },
    });
  }
}

export const openRun = (runId: string, title: string) => nav().open({ kind: 'run', runId, title });
