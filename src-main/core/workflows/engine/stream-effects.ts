import { OpsdeckError } from '../../../contract';
import { streamIn, streamOut, type StreamResult } from '../../ssh/stream';
import type { StreamInSpec, StreamOutSpec } from './context';
import type { EffectsDeps } from './effects-deps';

const tail = (text: string, max = 2000) => (text.length > max ? `…${text.slice(-max)}` : text);

/**
 * `ctx.ssh.streamOut` / `streamIn`: a host's command streamed to or from Opsdeck (a backup into
 * its destination, a stored backup into a restore). Planned as one write; in a run logged and
 * audited with the bytes moved and the exit, and a failed command is SSH_COMMAND_FAILED.
 */
export async function stream(
  deps: EffectsDeps,
  direction: 'out' | 'in',
  spec: StreamOutSpec | StreamInSpec,
): Promise<StreamResult> {
  const command = deps.redactor.text(spec.command);
  const label = 'intoLabel' in spec ? spec.intoLabel : spec.fromLabel;
  const detail = direction === 'out' ? `${command}  > ${label}` : `${label} >  ${command}`;
  if (deps.plan) {
    deps.plan.push({ kind: 'ssh', target: spec.host.name, detail, write: true });
    return { bytes: 0, durationMs: 0, exit: { code: 0, stderr: '' } };
  }
  if (!deps.streams)
    throw new OpsdeckError(
      'INTERNAL',
      'Streaming to and from hosts is not wired.',
      'This is a bug.',
    );
  deps.log('cmd', `${spec.host.name}$ ${detail}`);
  const options = {
    signal: deps.signal,
    ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
    ...(spec.onProgress ? { onProgress: spec.onProgress } : {}),
  };
  let result: StreamResult;
  try {
    result =
      'into' in spec
        ? await streamOut(deps.streams, spec.host, spec.command, spec.into, {
            ...options,
            ...(spec.onStderr ? { onStderr: spec.onStderr } : {}),
            ...(spec.onLine ? { onLine: spec.onLine } : {}),
          })
        : await streamIn(deps.streams, spec.host, spec.command, spec.from, {
            ...options,
            ...(spec.prefix ? { prefix: spec.prefix } : {}),
            ...(spec.abortTrailer ? { abortTrailer: spec.abortTrailer } : {}),
            ...(spec.onStdout ? { onStdout: spec.onStdout } : {}),
          });
  } catch (err) {
    deps.audit(spec.host.name, `ssh.stream-${direction}`, detail, 'failed');
    throw err;
  }
  const ok = result.exit.code === 0;
  deps.audit(
    spec.host.name,
    `ssh.stream-${direction}`,
    `${detail} → ${result.bytes} bytes, exit ${result.exit.code}`,
    ok ? 'ok' : 'failed',
  );
  if (ok) return result;
  const stderr = deps.redactor.text(result.exit.stderr);
  throw new OpsdeckError(
    'SSH_COMMAND_FAILED',
    `On ${spec.host.name}, \`${'display' in spec && spec.display ? spec.display : tail(command, 200)}\` exited with ${result.exit.code ?? result.exit.signal ?? 'no status'} after ${result.bytes} bytes${stderr ? `: ${tail(stderr, 600)}` : ''}`,
    `This step needed to ${spec.purpose}. Fix the cause on ${spec.host.name}, then run again.`,
  );
}
