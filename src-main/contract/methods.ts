import { z } from 'zod';
import { defineMethod } from './define';
import {
  ConnectionTestResult,
  Host,
  HostInput,
  HostPatch,
  ImportResult,
} from './hosts';
import { Plan, RunDetail, RunSummary, WorkflowInfo } from './workflows';
import { PromptAnswer, PromptRequest } from './prompts';
import { AuditRecord } from './audit';

const id = z.string().min(1).max(128);
const workflowParams = z.record(z.string(), z.unknown());

/**
 * The contract: every method any door can call. Router, preload, web transport, CLI and the
 * renderer client are all derived from this table; nobody re-types a name or a shape.
 */
export const methods = {
  'app.info': defineMethod({
    summary: 'Version, door and data folder of this Opsdeck',
    params: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      door: z.enum(['electron', 'web', 'cli']),
      dataDir: z.string(),
      platform: z.string(),
    }),
    events: [],
    mutates: false,
  }),

  'vault.status': defineMethod({
    summary: 'Whether the secret vault is unlocked and which adapter holds it',
    params: z.object({}).strict(),
    result: z.object({
      adapter: z.enum(['safe-storage', 'passphrase-file']),
      unlocked: z.boolean(),
      initialized: z.boolean(),
    }),
    events: [],
    mutates: false,
  }),
  'vault.unlock': defineMethod({
    summary: 'Unlock (or create, the first time) the passphrase-encrypted vault',
    params: z.object({ passphrase: z.string().min(8, 'Use at least 8 characters').max(1024) }).strict(),
    result: z.object({ unlocked: z.literal(true), created: z.boolean() }),
    events: ['vault.changed'],
    mutates: true,
  }),
  'vault.lock': defineMethod({
    summary: 'Forget the vault key until the next unlock',
    params: z.object({}).strict(),
    result: z.object({ unlocked: z.literal(false) }),
    events: ['vault.changed'],
    mutates: true,
  }),

  'hosts.list': defineMethod({
    summary: 'All hosts in the inventory, optionally filtered',
    params: z
      .object({
        query: z.string().max(256).optional(),
        group: z.string().max(64).optional(),
        tag: z.string().max(64).optional(),
      })
      .strict(),
    result: z.array(Host),
    events: [],
    mutates: false,
  }),
  'hosts.get': defineMethod({
    summary: 'One host by id or name',
    params: z.object({ id }).strict(),
    result: Host,
    events: [],
    mutates: false,
  }),
  'hosts.add': defineMethod({
    summary: 'Add a host to the inventory',
    params: HostInput,
    result: Host,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.update': defineMethod({
    summary: 'Edit a host',
    params: z.object({ id, patch: HostPatch }).strict(),
    result: Host,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.remove': defineMethod({
    summary: 'Remove hosts from the inventory (their remembered secrets too)',
    params: z.object({ ids: z.array(id).min(1).max(10000) }).strict(),
    result: z.object({ removed: z.array(z.string()) }),
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.importSshConfig': defineMethod({
    summary: 'Import hosts from an OpenSSH client config (default ~/.ssh/config)',
    params: z.object({ path: z.string().max(1024).optional() }).strict(),
    result: ImportResult,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.importLab': defineMethod({
    summary: 'Import the hosts of a lab inventory file written by scripts/lab',
    params: z.object({ path: z.string().max(1024).optional() }).strict(),
    result: ImportResult,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.testConnection': defineMethod({
    summary: 'Open an SSH connection (verifying the host key) and report fingerprint and latency',
    params: z.object({ id }).strict(),
    result: ConnectionTestResult,
    events: ['prompt.request'],
    mutates: false,
  }),

  'prompts.pending': defineMethod({
    summary: 'Questions the core is waiting on (for a door that connects late)',
    params: z.object({}).strict(),
    result: z.array(PromptRequest),
    events: [],
    mutates: false,
  }),
  'prompts.answer': defineMethod({
    summary: 'Answer a prompt (host key decision, secret)',
    params: PromptAnswer,
    result: z.object({ accepted: z.boolean() }),
    events: ['prompt.closed'],
    mutates: true,
  }),

  'workflows.list': defineMethod({
    summary: 'Workflows this Opsdeck can run',
    params: z.object({}).strict(),
    result: z.array(WorkflowInfo),
    events: [],
    mutates: false,
  }),
  'workflows.plan': defineMethod({
    summary: 'Dry run: every command/SQL the workflow would run, secrets masked; changes nothing',
    params: z.object({ workflow: id, params: workflowParams }).strict(),
    result: Plan,
    events: ['prompt.request'],
    mutates: false,
  }),
  'workflows.start': defineMethod({
    summary: 'Start a workflow run; progress arrives as workflow.event with the run id',
    params: z.object({ workflow: id, params: workflowParams }).strict(),
    result: z.object({ runId: z.string() }),
    events: ['workflow.event', 'prompt.request'],
    mutates: true,
  }),
  'workflows.cancel': defineMethod({
    summary: 'Cancel a running workflow (the current step is aborted)',
    params: z.object({ runId: id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    events: ['workflow.event'],
    mutates: true,
  }),
  'workflows.resume': defineMethod({
    summary: 'Resume a failed, cancelled or interrupted run from its first unfinished step',
    params: z.object({ runId: id }).strict(),
    result: z.object({ runId: z.string() }),
    events: ['workflow.event', 'prompt.request'],
    mutates: true,
  }),
  'workflows.runs': defineMethod({
    summary: 'Recent workflow runs, newest first',
    params: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(RunSummary),
    events: [],
    mutates: false,
  }),
  'workflows.run': defineMethod({
    summary: 'One run with its steps, log and output',
    params: z.object({ runId: id }).strict(),
    result: RunDetail,
    events: [],
    mutates: false,
  }),

  'audit.list': defineMethod({
    summary: 'Audit trail of changes made to remote systems, newest first',
    params: z
      .object({
        limit: z.number().int().min(1).max(5000).default(200),
        target: z.string().max(128).optional(),
      })
      .strict(),
    result: z.array(AuditRecord),
    events: [],
    mutates: false,
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
