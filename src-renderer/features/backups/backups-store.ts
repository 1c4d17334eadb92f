import { create } from 'zustand';
import {
  toErrorShape,
  type BackupEntry,
  type BackupKind,
  type ErrorShape,
  type Plan,
  type RunEvent,
  type Schedule,
} from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';

/** What the user is doing with the selected backup, and how the last action went. */
export interface ActionState {
  label: string;
  runId?: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
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
  /** Restore target and typed confirmation for the selected backup. */
  restoreOnto: string;
  overwriteTyped: string;
  until: string;
  action: ActionState | null;
  /** The dry-run plan of the form's backup, when asked for. */
  plan: Plan | null;
  loadError: ErrorShape | null;
}

export const useBackups = create<BackupsState>(() => ({
  entries: [],
  schedules: [],
  selected: null,
  form: { hostId: '', kind: 'dump', to: '' },
  restoreOnto: '',
  overwriteTyped: '',
  until: '',
  action: null,
  plan: null,
  loadError: null,
}));

export const setBackupForm = (patch: Partial<BackupForm>) =>
  useBackups.setState((s) => ({ form: { ...s.form, ...patch }, plan: null }));

export async function refetchBackups(): Promise<void> {
  try {
    const [entries, schedules] = await Promise.all([
      client.call('backups.list', { limit: 500 }),
      client.call('backups.schedules.list', {}),
    ]);
    useBackups.setState((s) => ({
      entries,
      schedules,
      loadError: null,
      selected:
        s.selected && entries.some((e) => e.id === s.selected)
          ? s.selected
          : (entries[0]?.id ?? null),
    }));
  } catch (err) {
    useBackups.setState({ loadError: toErrorShape(err) });
  }
}

/** The catalog refetches when the core says it changed (debounced); run events end actions. */
export function startBackupsFeed(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const offChanged = client.on('backups.changed', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetchBackups(), 150);
  });
  const offRuns = client.on('workflow.event', (e: RunEvent) => {
    const a = useBackups.getState().action;
    if (e.type !== 'run' || !a || e.runId !== a.runId || e.run.status === 'running') return;
    useBackups.setState({
      action: {
        ...a,
        status: e.run.status as ActionState['status'],
        ...(e.run.error ? { error: e.run.error } : {}),
      },
    });
    void refetchBackups();
  });
  void refetchBackups();
  return () => {
    clearTimeout(timer);
    offChanged();
    offRuns();
  };
}

async function startRun(label: string, workflow: string, params: Record<string, unknown>) {
  useBackups.setState({ action: { label, status: 'running' }, plan: null });
  try {
    const { runId } = await client.call('workflows.start', { workflow, params });
    useBackups.setState((s) => ({ action: s.action && { ...s.action, runId } }));
  } catch (err) {
    useBackups.setState({ action: { label, status: 'failed', error: toErrorShape(err) } });
  }
}

export function runBackup(hostName: string) {
  const { form } = useBackups.getState();
  return startRun(`Backup of ${hostName} (${form.kind})`, 'backup-run', {
    host: hostName,
    kind: form.kind,
    ...(form.kind !== 'snapshot' && form.to ? { to: form.to } : {}),
  });
}

export async function planBackup(hostName: string) {
  const { form } = useBackups.getState();
  try {
    const plan = await client.call('workflows.plan', {
      workflow: 'backup-run',
      params: {
        host: hostName,
        kind: form.kind,
        ...(form.kind !== 'snapshot' && form.to ? { to: form.to } : {}),
      },
    });
    useBackups.setState({ plan, action: null });
  } catch (err) {
    useBackups.setState({
      plan: null,
      action: { label: `Plan for ${hostName}`, status: 'failed', error: toErrorShape(err) },
    });
  }
}

export const verifyBackup = (e: BackupEntry) =>
  startRun(`Verify ${e.id}`, 'backup-verify', { backupId: e.id });

export function restoreBackup(e: BackupEntry, restoreOnto: string, pointInTime: boolean) {
  const { overwriteTyped, until } = useBackups.getState();
  const overwrite = overwriteTyped.split(/[\s,]+/).filter(Boolean);
  const u = until.trim();
  return startRun(
    pointInTime
      ? `Restore ${e.id} onto ${restoreOnto} up to ${u}`
      : `Restore test of ${e.id} on ${restoreOnto}`,
    'backup-restore',
    {
      backupId: e.id,
      onto: restoreOnto,
      overwrite,
      test: !pointInTime,
      ...(pointInTime && u
        ? { until: /^\d{4}-/.test(u) ? { time: u.replace(' ', 'T') } : { gtid: u } }
        : {}),
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
