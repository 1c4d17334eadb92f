import { OpsdeckError, type Host } from '../../../contract';
import type { PipeResult } from '../../ssh/pipe';
import { stream } from './stream-effects';
import type { ExecResult, PipeSpec, ShellOptions, SshEffects } from './definition';
import type { EffectsDeps } from './effects-deps';

const tail = (text: string, max = 2000) => (text.length > max ? `…${text.slice(-max)}` : text);

export function createSshEffects(deps: EffectsDeps): SshEffects {
  const execute = async (host: Host, command: string, options: ShellOptions, write: boolean) => {
    const shown = deps.redactor.text(command);
    deps.plan?.push({ kind: 'ssh', target: host.name, detail: shown, write });
    if (deps.plan && write) {
      return { code: 0, stdout: '', stderr: '', durationMs: 0 } satisfies ExecResult;
    }
    deps.log('cmd', `${host.name}$ ${shown}`);
    let result: ExecResult;
    try {
      result = await deps.executor.exec(host, command, {
        signal: deps.signal,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      });
    } catch (err) {
      if (write) deps.audit(host.name, 'ssh.exec', shown, 'failed');
      throw err;
    }
    const ok = (options.okCodes ?? [0]).includes(result.code ?? -1);
    if (write)
      deps.audit(host.name, 'ssh.exec', `${shown} → exit ${result.code}`, ok ? 'ok' : 'failed');
    const out = deps.redactor.text(result.stdout.trim());
    if (out && write) deps.log('out', tail(out));
    if (!ok) {
      const stderr = deps.redactor.text(result.stderr.trim());
      throw new OpsdeckError(
        'SSH_COMMAND_FAILED',
        `On ${host.name}, \`${tail(shown, 200)}\` exited with ${result.code ?? result.signal}${stderr ? `: ${tail(stderr, 500)}` : ''}`,
        options.purpose
          ? `This step needed to ${options.purpose}. Fix the cause on ${host.name}, then resume the run.`
          : `Fix the cause on ${host.name}, then resume the run.`,
      );
    }
    return result;
  };
  return {
    read: (host, command, options = {}) => execute(host, command, options, false),
    write: (host, command, options = {}) => execute(host, command, options, true),
    pipe: (spec) => pipe(deps, spec),
    streamOut: (spec) => stream(deps, 'out', spec),
    streamIn: (spec) => stream(deps, 'in', spec),
  };
}

async function pipe(deps: EffectsDeps, spec: PipeSpec): Promise<PipeResult> {
  const from = deps.redactor.text(spec.command);
  const into = deps.redactor.text(spec.into);
  const detail = `${spec.from.name}$ ${from}  |  ${spec.to.name}$ ${into}`;
  if (deps.plan) {
    deps.plan.push({
      kind: 'ssh',
      target: spec.from.name,
      detail: `${from}  | → ${spec.to.name}`,
      write: true,
    });
    deps.plan.push({
      kind: 'ssh',
      target: spec.to.name,
      detail: `${spec.from.name} → | ${into}`,
      write: true,
    });
    return {
      bytes: 0,
      durationMs: 0,
      source: { code: 0, stderr: '' },
      sink: { code: 0, stderr: '' },
    };
  }
  if (!deps.pipe)
    throw new OpsdeckError('INTERNAL', 'Streaming between hosts is not wired.', 'This is a bug.');
  deps.log('cmd', detail);
  let result: PipeResult;
  try {
    result = await deps.pipe(spec.from, spec.command, spec.to, spec.into, {
      signal: deps.signal,
      ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
      ...(spec.prefix ? { prefix: spec.prefix } : {}),
      ...(spec.abortTrailer ? { abortTrailer: spec.abortTrailer } : {}),
      ...(spec.onLine ? { onLine: spec.onLine } : {}),
      ...(spec.onProgress ? { onProgress: spec.onProgress } : {}),
    });
  } catch (err) {
    deps.audit(spec.to.name, 'ssh.pipe', detail, 'failed');
    throw err;
  }
  const sourceOk = result.source.code === 0;
  const sinkOk = result.sink.code === 0;
  deps.audit(
    spec.to.name,
    'ssh.pipe',
    `${detail} → ${tail(String(result.bytes))} bytes, exit ${result.source.code}/${result.sink.code}`,
    sourceOk && sinkOk ? 'ok' : 'failed',
  );
  if (sourceOk && sinkOk) return result;
  const short = (cmd: string) => (cmd.length > 90 ? `${cmd.slice(0, 90)}…` : cmd);
  const side = (name: string, r: PipeResult['source']) =>
    `${name} exited with ${r.code ?? r.signal ?? 'no status'}${r.stderr ? `: ${tail(deps.redactor.text(r.stderr), 500)}` : ''}`;
  const parts = [
    sourceOk ? '' : side(`${spec.from.name}: \`${short(from)}\``, result.source),
    sinkOk
      ? ''
      : !sourceOk && spec.abortTrailer
        ? `${spec.to.name}: \`${short(into)}\` was made to fail on purpose, so it did not take the cut stream as complete`
        : side(`${spec.to.name}: \`${short(into)}\``, result.sink),
  ].filter(Boolean);
  throw new OpsdeckError(
    'SSH_COMMAND_FAILED',
    `The transfer ${spec.from.name} → ${spec.to.name} failed after ${result.bytes} bytes. ${parts.join('; ')}`,
    `This step needed to ${spec.purpose}. Fix the cause, then resume the run.`,
  );
}
