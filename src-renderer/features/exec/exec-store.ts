import { create } from 'zustand';
import {
  toErrorShape,
  type ErrorShape,
  type ExecEvent,
  type ExecRunSummary,
} from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notifyError } from '../../app/toasts';
import { applyExecEvent, countStatuses, fromDetail, type ExecView } from './exec-reducer';
import { announce } from '../../app/announcer';

export type ExecTarget =
  { kind: 'group'; group: string } | { kind: 'selection'; hostIds: string[] };

interface ExecState {
  command: string;
  parallel: number;
  timeoutSec: number;
  target: ExecTarget | null;
  /** The run shown (live or from history). */
  view: ExecView | null;
  history: ExecRunSummary[];
  error: ErrorShape | null;
}

export const useExec = create<ExecState>(() => ({
  command: '',
  parallel: 32,
  timeoutSec: 30,
  target: null,
  view: null,
  history: [],
  error: null,
}));

/** Events of runs started before we knew their id (exec.run answers after `started`). */
let pending: ExecEvent[] = [];
let watching: string | null = null;

function watch(execId: string): void {
  watching = execId;
  let view = useExec.getState().view;
  for (const e of pending.filter((p) => p.execId === execId)) view = applyExecEvent(view, e);
  pending = [];
  useExec.setState({ view });
}

/** From the Hosts table: run a command on these hosts. */
export function execOnHosts(hostIds: string[]): void {
  useExec.setState({ target: { kind: 'selection', hostIds } });
  nav().goArea('exec');
  requestAnimationFrame(() =>
    document.querySelector<HTMLInputElement>('[data-testid="exec-command"]')?.focus(),
  );
}

export async function refetchExecHistory(): Promise<void> {
  try {
    useExec.setState({ history: await client.call('exec.history', { limit: 50 }) });
  } catch (err) {
    useExec.setState({ error: toErrorShape(err) });
  }
}

export async function runExec(): Promise<void> {
  const { command, parallel, timeoutSec, target } = useExec.getState();
  if (!target || !command.trim()) return;
  useExec.setState({ error: null, view: null });
  watching = null;
  try {
    const where = target.kind === 'group' ? { group: target.group } : { hostIds: target.hostIds };
    const { execId } = await client.call('exec.run', { ...where, command, parallel, timeoutSec });
    watch(execId);
  } catch (err) {
    useExec.setState({ error: toErrorShape(err) });
  }
}

export async function rerunFailed(execId: string): Promise<void> {
  useExec.setState({ error: null, view: null });
  watching = null;
  try {
    const { execId: next } = await client.call('exec.rerunFailed', { execId });
    watch(next);
  } catch (err) {
    useExec.setState({ error: toErrorShape(err) });
  }
}

export async function cancelExec(execId: string): Promise<void> {
  await client.call('exec.cancel', { execId }).catch((err) => notifyError('Cancel failed', err));
}

export async function showExec(execId: string): Promise<void> {
  try {
    const detail = await client.call('exec.get', { execId });
    watching = execId;
    useExec.setState({ view: fromDetail(detail), command: detail.command, error: null });
  } catch (err) {
    notifyError('Could not load that run', err);
  }
}

/** For screen readers: the run on screen ended, and how. */
function announceFinished(): void {
  const view = useExec.getState().view;
  if (!view) return;
  const c = countStatuses(view.hosts);
  const bad = c.failed + c.unreachable + c.timeout;
  announce(`${view.command} finished: ${c.ok} ok${bad ? `, ${bad} not ok` : ''}`);
}

export function startExecFeed(): () => void {
  void refetchExecHistory();
  return client.on('exec.event', (e) => {
    if (watching === null) pending = [...pending.slice(-4999), e];
    else if (e.execId === watching || e.type === 'started')
      useExec.setState((s) => ({
        view: e.execId === watching ? applyExecEvent(s.view, e) : s.view,
      }));
    if (e.type === 'finished' && e.execId === watching) announceFinished();
    if (e.type === 'finished' || e.type === 'started') void refetchExecHistory();
  });
}
