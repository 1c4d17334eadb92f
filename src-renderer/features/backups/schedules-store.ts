import { create } from 'zustand';
import {
  toErrorShape,
  type CronPlan,
  type ErrorShape,
  type Schedule,
  type ScheduleInput,
} from '../../../src-main/contract';
import { client } from '../../api';
import { useBackups } from './backups-store';

/** The schedule dialog: closed, a new schedule, or one being changed; and the save's error. */
export interface ScheduleDialogState {
  editing?: Schedule;
  error?: ErrorShape;
  saving?: boolean;
}

/** A cron schedule's script and line, shown before it is installed. */
export interface CronView {
  schedule: Schedule;
  plan?: CronPlan;
  error?: ErrorShape;
  busy?: boolean;
}

export const useScheduleUi = create<{
  dialog: ScheduleDialogState | null;
  cron: CronView | null;
  /** The schedule whose removal waits for a second click. */
  removing: Schedule | null;
}>(() => ({ dialog: null, cron: null, removing: null }));

export const openScheduleDialog = (editing?: Schedule) =>
  useScheduleUi.setState({ dialog: editing ? { editing } : {} });
export const closeScheduleDialog = () => useScheduleUi.setState({ dialog: null });

export async function saveSchedule(input: ScheduleInput): Promise<void> {
  const editing = useScheduleUi.getState().dialog?.editing;
  useScheduleUi.setState((s) => ({ dialog: s.dialog && { ...s.dialog, saving: true } }));
  try {
    const saved = await client.call('backups.schedules.save', {
      schedule: input,
      ...(editing ? { id: editing.id } : {}),
    });
    useScheduleUi.setState({ dialog: null });
    // A cron schedule does nothing until its script is read and installed: show it now.
    if (saved.runner === 'cron' && !saved.cronInstalled) await showCronPlan(saved);
  } catch (err) {
    useScheduleUi.setState((s) => ({
      dialog: s.dialog && { ...s.dialog, saving: false, error: toErrorShape(err) },
    }));
  }
}

export async function removeSchedule(s: Schedule): Promise<void> {
  useScheduleUi.setState({ removing: null });
  try {
    await client.call('backups.schedules.remove', { id: s.id });
  } catch (err) {
    useBackups.setState({
      action: { label: `Remove ${s.name}`, status: 'failed', error: toErrorShape(err) },
    });
  }
}

/** Read the cron script first (nothing changes on the host until Install). */
export async function showCronPlan(schedule: Schedule): Promise<void> {
  useScheduleUi.setState({ cron: { schedule, busy: true } });
  try {
    const plan = await client.call('backups.schedules.cronPlan', { id: schedule.id });
    useScheduleUi.setState({ cron: { schedule, plan } });
  } catch (err) {
    useScheduleUi.setState({ cron: { schedule, error: toErrorShape(err) } });
  }
}

export async function setCronInstalled(install: boolean): Promise<void> {
  const cron = useScheduleUi.getState().cron;
  if (!cron) return;
  useScheduleUi.setState({ cron: { ...cron, busy: true } });
  try {
    const id = cron.schedule.id;
    if (install) await client.call('backups.schedules.installCron', { id });
    else await client.call('backups.schedules.removeCron', { id });
    useScheduleUi.setState({ cron: null });
  } catch (err) {
    useScheduleUi.setState({ cron: { ...cron, busy: false, error: toErrorShape(err) } });
  }
}
