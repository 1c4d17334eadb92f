import { z } from 'zod';
import { RunEvent } from './workflows';
import { PromptRequest } from './prompts';
import { MasterAlert } from './health';
import { AuditRecord } from './audit';
import { WatchData, WatchEnded, WatchError } from './feeds';
import { BackupsEvent } from './backups';
import { ExecEvent, TerminalDataEvent, TerminalStateEvent, TransferProgress } from './ssh';
import { TunnelInfo } from './tunnels';
import { CheckEvent, CheckStatus } from './checks';

/** The desktop window's core process (Electron door): restarting after a crash, or ready. */
export const CoreStatus = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ready'),
    core: z.object({
      door: z.string(),
      pid: z.number(),
      /** Another core owned the data folder: the window is attached to it. */
      attachedTo: z.object({ door: z.string(), pid: z.number() }).optional(),
    }),
  }),
  z.object({
    state: z.literal('restarting'),
    attempt: z.number(),
    nextRetryAt: z.number(),
    reason: z.string(),
  }),
  z.object({ state: z.literal('stopped') }),
]);
export type CoreStatus = z.infer<typeof CoreStatus>;

/** Every event topic and its payload schema. Streams carry their id inside the payload. */
export const events = {
  /** The host inventory changed (feeds, not polling: stores refetch on this). */
  'hosts.changed': z.object({ ids: z.array(z.string()), reason: z.string() }),
  /** Progress, step changes and log lines of a workflow run. */
  'workflow.event': RunEvent,
  /** The core needs an answer from the user. */
  'prompt.request': PromptRequest,
  /** A prompt was answered or expired (so other doors close their dialog). */
  'prompt.closed': z.object({ id: z.string() }),
  /** The vault was locked or unlocked. */
  'vault.changed': z.object({ unlocked: z.boolean() }),
  /** Terminal output, coalesced; ack it with terminals.ack (flow control). */
  'terminal.data': TerminalDataEvent,
  /** A terminal connected, closed (exited / disconnected) or failed to open. */
  'terminal.state': TerminalStateEvent,
  /** Progress of a cluster exec: host started, output, host done, finished summary. */
  'exec.event': ExecEvent,
  /** Upload/download progress (throttled) and final state. */
  'transfer.progress': TransferProgress,
  /** A tunnel's state changed, or its traffic (at most once a second); `closed` is the last one. */
  'tunnel.update': TunnelInfo,
  /** A master judged dead (or partitioned) by Opsdeck's monitor, and the action taken. */
  'mysql.alert': MasterAlert,
  /**
   * Something changed in an EC2 account/region, whatever door or workflow did it (emitted by
   * the core after every EC2 action, ok or failed, and when accounts change); stores refetch,
   * debounced. `account` is the account's id, `method` the action (e.g. ec2.volumes.create).
   */
  'ec2.changed': z.object({ account: z.string(), region: z.string(), method: z.string() }),
  /** A record was appended to the audit trail (by any door, run or action). */
  'audit.appended': AuditRecord,
  /** An update of a watch subscription (watch.subscribe): to the subscribing connection only. */
  'watch.data': WatchData,
  /** A watch subscription's source failed this time and will retry. */
  'watch.error': WatchError,
  /** A watch subscription ended by itself (its source gave up, or the core is shutting down). */
  'watch.ended': WatchEnded,
  /** The window's core process restarts (calls fail meanwhile) or is ready again. */
  'core.status': CoreStatus,
  /** Metrics settings changed (the workspace's, or one host's). */
  'metrics.changed': z.object({ host: z.string().optional() }),
  /**
   * Checks changed: their definitions (`definitions`), or the state of one check on one host
   * (`status`, with the change: a HARD change that notifies asks doors for a desktop notification).
   */
  'checks.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('definitions') }),
    z.object({ kind: z.literal('status'), status: CheckStatus, change: CheckEvent }),
  ]),
  /** Deployment check suites changed, or a report was stored. */
  'deploy.changed': z.object({ suiteId: z.string().optional(), reportId: z.string().optional() }),
  /** The backup catalog or the schedules changed (stores refetch). */
  'backups.changed': BackupsEvent,
} as const;

export type EventTopic = keyof typeof events;
export type EventPayload<T extends EventTopic> = z.infer<(typeof events)[T]>;

/**
 * One event as it crosses a door: a discriminated union over `topic`, so checking the topic
 * narrows the payload (`if (m.topic === 'exec.event') m.payload.execId`) with no cast.
 * `EventMessage<'a' | 'b'>` is the union of those topics only.
 */
export type EventMessage<T extends EventTopic = EventTopic> = {
  [K in T]: {
    topic: K;
    payload: EventPayload<K>;
    /**
     * Set on an event meant for one door connection only (a watch feed's data): doors deliver it
     * to that connection and to no other. Absent: every connection receives it.
     */
    to?: string;
  };
}[T];

/** The payload when the message is on `topic` (typed for generic code), else undefined. */
export function payloadOf<T extends EventTopic>(
  message: EventMessage,
  topic: T,
): EventPayload<T> | undefined {
  return message.topic === topic ? (message.payload as EventPayload<T>) : undefined;
}

export function isEventTopic(name: unknown): name is EventTopic {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
