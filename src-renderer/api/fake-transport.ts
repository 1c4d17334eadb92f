/**
 * DEV ONLY — an in-memory `Transport` so the UI can be seen without a backend. Used only when
 * `import.meta.env.DEV && location.search.includes('fake')` (see api/index.ts); production builds
 * drop it. Query flags: `empty` (no hosts), `hosts=N`, `prompt` / `prompt=changed` (host-key
 * prompt at start), `secret` (secret prompt), `locked` (vault locked), `sshfail` (ssh-config
 * import fails), `offline` (show the reconnect banner), `nokeyring` (Linux without a keyring: the
 * passphrase vault with a notice).
 */
import {
  methods,
  OpsdeckError,
  toErrorShape,
  type EventMessage,
  type MethodName,
  type Params,
  type PromptRequest,
  type Transport,
  type WorkflowStart,
} from '../../src-main/contract';
import { sampleAudit, sampleHosts } from './fake-data';
import { FakeHosts, hostKeyPrompt } from './fake-hosts';
import { FakeRuns, fakePlan } from './fake-runs';
import { useConnection } from './connection';

type Handler = (params: never) => unknown;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inTwoMinutes = () => new Date(Date.now() + 120_000).toISOString();

/** The fake engine simulates collect-facts only. */
function factsHost(request: WorkflowStart): string {
  if (request.workflow === 'collect-facts') return request.params.hostIds[0] ?? '';
  throw new OpsdeckError(
    'WORKFLOW_UNKNOWN',
    `The fake backend does not simulate ${request.workflow}.`,
    'Use web mode against the lab for other workflows.',
  );
}

export function createFakeTransport(search: string): Transport {
  const q = new URLSearchParams(search);
  const listeners = new Set<(m: EventMessage) => void>();
  const emit = (m: EventMessage) => setTimeout(() => listeners.forEach((l) => l(m)), 0);
  const prompts = new Map<string, { request: PromptRequest; answer: (a: unknown) => void }>();
  const ask = (request: PromptRequest) =>
    new Promise<unknown>((resolve) => {
      prompts.set(request.id, { request, answer: resolve });
      emit({ topic: 'prompt.request', payload: request });
    });
  const inventory = new FakeHosts(q.has('empty') ? 0 : Number(q.get('hosts') ?? 48), emit, ask);
  const runs = new FakeRuns(emit, (hostId, facts) => inventory.setFacts(hostId, facts));
  const audit = sampleAudit(inventory.hosts.length ? inventory.hosts : sampleHosts(10));
  let vault = {
    adapter: 'passphrase-file' as const,
    unlocked: !q.has('locked'),
    initialized: true,
    ...(q.has('nokeyring')
      ? {
          notice:
            'This Linux desktop has no keyring for Electron (safeStorage backend basic_text, which encrypts with a fixed key), so Opsdeck keeps secrets in its passphrase vault instead: unlock it with your passphrase.',
        }
      : {}),
  };

  const first = inventory.hosts[1];
  if (q.has('prompt') && first) void ask(hostKeyPrompt(first, q.get('prompt') === 'changed'));
  if (q.has('secret')) {
    const label = 'Passphrase for ~/.ssh/id_ed25519';
    void ask({
      kind: 'secret',
      id: 'p-secret',
      title: 'Key passphrase',
      label,
      expiresAt: inTwoMinutes(),
    });
  }
  if (q.has('offline')) {
    const down = { door: 'fake', state: 'reconnecting', attempt: 3 } as const;
    setTimeout(() => useConnection.setState({ ...down, nextRetryAt: Date.now() + 4000 }), 300);
  }
  const setVault = (unlocked: boolean) => {
    vault = { ...vault, unlocked };
    emit({ topic: 'vault.changed', payload: { unlocked } });
  };
  const run = (runId: string) => {
    const r = runs.runs.get(runId);
    if (!r) throw new OpsdeckError('NOT_FOUND', `No workflow run ${runId}.`, 'List runs.');
    return r;
  };

  // Only what the renderer uses; other contract methods answer UNKNOWN_METHOD here.
  const handlers: Partial<{ [M in MethodName]: (p: Params<M>) => unknown }> = {
    'app.info': () => ({
      version: '0.1.0-dev',
      door: 'web',
      dataDir: '/home/ops/.local/share/opsdeck',
      platform: 'linux',
    }),
    'vault.status': () => vault,
    'vault.unlock': (p) => {
      if (p.passphrase !== 'correct horse') {
        throw new OpsdeckError(
          'VAULT_BAD_PASSPHRASE',
          'That passphrase does not open the vault.',
          'Check caps lock; the fake vault opens with "correct horse".',
        );
      }
      setVault(true);
      return { unlocked: true, created: false };
    },
    'vault.lock': () => {
      setVault(false);
      return { unlocked: false };
    },
    'hosts.list': () => inventory.hosts,
    'hosts.get': (p) => inventory.find(p.id),
    'hosts.add': (p) => inventory.add(p),
    'hosts.update': (p) => inventory.update(p),
    'hosts.remove': (p) => inventory.remove(p.ids),
    'hosts.importLab': () => inventory.importSample('lab-', 3),
    'hosts.importSshConfig': () => {
      if (q.has('sshfail')) {
        throw new OpsdeckError(
          'IMPORT_FAILED',
          'Cannot read /home/ops/.ssh/config: permission denied.',
          'Check the file permissions (chmod 600) and try again.',
        );
      }
      return inventory.importSample('ssh-', 2);
    },
    'hosts.testConnection': (p) => inventory.testConnection(p.id),
    'prompts.pending': () => [...prompts.values()].map((p) => p.request),
    'prompts.answer': (p) => {
      const pending = prompts.get(p.id);
      if (!pending) {
        throw new OpsdeckError(
          'PROMPT_EXPIRED',
          'That question is no longer waiting for an answer.',
          'Start the action again.',
        );
      }
      prompts.delete(p.id);
      pending.answer(p);
      emit({ topic: 'prompt.closed', payload: { id: p.id } });
      return { accepted: true };
    },
    'workflows.list': () => [
      {
        id: 'collect-facts',
        title: 'Collect facts',
        description: 'OS, kernel, CPUs, memory, disks and MySQL of one host.',
        paramsSchema: {},
      },
    ],
    'workflows.plan': async (p) => {
      await delay(300);
      return fakePlan(inventory.find(factsHost(p)));
    },
    'workflows.start': (p) => ({ runId: runs.start(inventory.find(factsHost(p))) }),
    'workflows.cancel': (p) => ({ cancelled: runs.cancel(p.runId) }),
    'workflows.resume': (p) => {
      runs.resume(p.runId, inventory.find(String((run(p.runId).params.hostIds as string[])[0])));
      return { runId: p.runId };
    },
    'workflows.runs': (p) =>
      [...runs.runs.values()]
        .reverse()
        .slice(0, p.limit)
        .map(({ params: _p, steps: _s, logs: _l, output: _o, ...summary }) => summary),
    'workflows.run': (p) => structuredClone(run(p.runId)),
    'audit.list': (p) => audit.slice(0, p.limit),
  };

  return {
    async invoke(method, params) {
      await delay(40);
      try {
        const spec = methods[method as MethodName];
        const handler = handlers[method as MethodName] as Handler | undefined;
        if (!spec || !handler) {
          throw new OpsdeckError(
            'UNKNOWN_METHOD',
            `The fake transport has no ${method}.`,
            'Add it to api/fake-transport.ts.',
          );
        }
        const parsed = spec.params.safeParse(params);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = `${method}: ${issue?.path.join('.')}: ${issue?.message}`;
          throw new OpsdeckError('INVALID_PARAMS', where, 'Fix the input and retry.');
        }
        return { ok: true, value: await handler(parsed.data as never) };
      } catch (err) {
        return { ok: false, error: toErrorShape(err) };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
