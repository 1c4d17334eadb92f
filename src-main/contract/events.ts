import { z } from 'zod';
import { RunEvent } from './workflows';
import { PromptRequest } from './prompts';
import { TopologyEvent } from './mysql';
import { BackupsEvent } from './backups';
import { ExecEvent, TerminalDataEvent, TerminalStateEvent, TransferProgress } from './ssh';
import { TunnelInfo } from './tunnels';

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
  /** A watched MySQL topology was refreshed (mysql.watchTopology), or failed to. */
  'mysql.topology': TopologyEvent,
  /** An EC2 action changed something in an account/region (stores refetch, debounced). */
  'ec2.changed': z.object({ account: z.string(), region: z.string(), method: z.string() }),
  /** The backup catalog or the schedules changed (stores refetch). */
  'backups.changed': BackupsEvent,
} as const;

export type EventTopic = keyof typeof events;
export type EventPayload<T extends EventTopic> = z.infer<(typeof events)[T]>;
export interface EventMessage<T extends EventTopic = EventTopic> {
  topic: T;
  payload: EventPayload<T>;
}
