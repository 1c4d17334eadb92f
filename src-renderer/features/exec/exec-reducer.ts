/** Live state of one cluster exec, folded from `exec.event`s (pure). */
import type {
  ErrorShape,
  ExecEvent,
  ExecHostStatus,
  ExecRunDetail,
  ExecSummary,
} from '../../../src-main/contract';

export interface ExecHostRow {
  hostId: string;
  hostName: string;
  status: ExecHostStatus;
  exitCode: number | null;
  durationMs: number | null;
  stdout: string;
  stderr: string;
  error?: ErrorShape;
}

export interface ExecView {
  execId: string;
  command: string;
  status: 'running' | 'finished' | 'cancelled' | 'interrupted';
  hosts: ExecHostRow[];
  summary?: ExecSummary;
  durationMs?: number;
}

/** Keep at most this much live output per host and stream (the core keeps 64 KiB). */
const MAX_OUT = 64 * 1024;

const blank = (hostId: string, hostName: string): ExecHostRow => ({
  hostId,
  hostName,
  status: 'pending',
  exitCode: null,
  durationMs: null,
  stdout: '',
  stderr: '',
});

export function fromDetail(d: ExecRunDetail): ExecView {
  return {
    execId: d.execId,
    command: d.command,
    status: d.status,
    summary: d.status === 'running' ? undefined : d.summary,
    hosts: d.hosts.map((h) => ({
      hostId: h.hostId,
      hostName: h.hostName,
      status: h.status,
      exitCode: h.exitCode,
      durationMs: h.durationMs,
      stdout: h.stdout,
      stderr: h.stderr,
      error: h.error,
    })),
  };
}

export function applyExecEvent(view: ExecView | null, e: ExecEvent): ExecView | null {
  if (e.type === 'started')
    return {
      execId: e.execId,
      command: e.command,
      status: 'running',
      hosts: e.hosts.map((h) => blank(h.hostId, h.hostName)),
    };
  if (!view || view.execId !== e.execId) return view;
  if (e.type === 'finished')
    return { ...view, status: e.status, summary: e.summary, durationMs: e.durationMs };
  const hosts = view.hosts.map((h) => {
    if (h.hostId !== e.hostId) return h;
    switch (e.type) {
      case 'host-started':
        return { ...h, status: 'running' as const };
      case 'output': {
        const text = (h[e.stream] + e.data).slice(0, MAX_OUT);
        return { ...h, [e.stream]: text };
      }
      case 'host-done':
        return {
          ...h,
          status: e.status,
          exitCode: e.exitCode,
          durationMs: e.durationMs,
          error: e.error,
        };
    }
  });
  return { ...view, hosts };
}

/** Counts for the summary line, live while running. */
export function countStatuses(hosts: readonly ExecHostRow[]) {
  const c = { ok: 0, failed: 0, unreachable: 0, timeout: 0, running: 0, pending: 0, cancelled: 0 };
  for (const h of hosts) c[h.status] += 1;
  return c;
}
