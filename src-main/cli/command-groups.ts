import type { Command } from 'commander';
import type { OwnCore, RunCommand } from './run-command';

/** What the command groups register their commands with. */
export interface Registrars {
  run: RunCommand;
  own: OwnCore;
}

export type RegisterGroup = (program: Command, registrars: Registrars) => void;

/**
 * A group of hand-written commands: the top-level words (names and aliases) it registers, and
 * how to load it.
 */
export interface CommandGroup {
  readonly words: readonly string[];
  load(): Promise<RegisterGroup>;
}

type RegisterWithRun = (program: Command, run: RunCommand) => void;
const withRun =
  (register: RegisterWithRun): RegisterGroup =>
  (program, { run }) =>
    register(program, run);

/**
 * Every hand-written command group. `opsdeck <word> …` loads only the group that owns `<word>`,
 * so a command pays neither for the code of the others nor for the contract schemas they use;
 * help and unknown words load them all. program.test.ts checks that each word's program equals
 * the one with every group: a group that registers a new top-level word lists it here.
 */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    words: ['hosts'],
    load: async () => withRun((await import('./commands/hosts-command')).registerHosts),
  },
  {
    words: ['workflow', 'workflows', 'facts'],
    load: async () => withRun((await import('./commands/workflow-command')).registerWorkflows),
  },
  {
    words: ['exec'],
    load: async () => withRun((await import('./commands/exec-command')).registerExec),
  },
  {
    words: ['tunnel'],
    load: async () => withRun((await import('./commands/tunnel-command')).registerTunnel),
  },
  {
    words: ['disks'],
    load: async () => withRun((await import('./commands/disks-command')).registerDisks),
  },
  {
    words: ['files'],
    load: async () => withRun((await import('./commands/files-command')).registerFiles),
  },
  {
    words: ['diff', 'drift', 'snapshots'],
    load: async () => withRun((await import('./commands/diff-command')).registerDiff),
  },
  {
    words: ['serve'],
    load: async () => {
      const { registerServe } = await import('./commands/serve-command');
      return (program, { own }) => registerServe(program, own);
    },
  },
  {
    words: ['mysql'],
    load: async () => withRun((await import('./commands/mysql-command')).registerMysql),
  },
  {
    words: ['haproxy'],
    load: async () => withRun((await import('./commands/haproxy-command')).registerHaproxy),
  },
  {
    words: ['ec2'],
    load: async () => withRun((await import('./commands/ec2-command')).registerEc2),
  },
  {
    words: ['backup', 'backups'],
    load: async () => withRun((await import('./commands/backup-command')).registerBackup),
  },
  {
    words: ['vault'],
    load: async () => withRun((await import('./commands/vault-command')).registerVault),
  },
  {
    words: ['version', 'methods', 'call'],
    load: async () => withRun((await import('./commands/meta-command')).registerMeta),
  },
  {
    words: ['audit'],
    load: async () => withRun((await import('./commands/audit-command')).registerAudit),
  },
  {
    words: ['watch'],
    load: async () => withRun((await import('./commands/watch-command')).registerWatch),
  },
  {
    words: ['metrics'],
    load: async () => withRun((await import('./commands/metrics-command')).registerMetrics),
  },
  {
    words: ['check'],
    load: async () => withRun((await import('./commands/metrics-command')).registerCheck),
  },
];

/**
 * The groups a command word needs: the one owning it, none for a group of derived commands only
 * (`derivedOnly`), and all for help, no word or an unknown one (commander says what exists).
 */
export function groupsFor(
  word: string | undefined,
  derivedOnly: ReadonlySet<string>,
): readonly CommandGroup[] {
  if (word === undefined) return COMMAND_GROUPS;
  const owner = COMMAND_GROUPS.find((g) => g.words.includes(word));
  if (owner) return [owner];
  return derivedOnly.has(word) ? [] : COMMAND_GROUPS;
}
