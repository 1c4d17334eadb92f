import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { formatBytes } from '../../../contract/format';
import { requireProgram } from '../server-info';
import { parseProbe, probeCommand } from '../tools/probe';
import type { BackupCtx } from '../types';
import {
  hotPrepareCommand,
  hotTools,
  majorMinor,
  readHotOutput,
  scratchNeedBytes,
} from './hot-prepare';

export interface HotVerify {
  command: string;
  tool: string;
  /** What failed, from the stage the command last reported ("unpacking the stream"). */
  stageOf(stdout: string): string;
}

/**
 * Before a hot backup is streamed to `on`: the host has the tool family that took it (and its
 * unpacker and decompressor), and room under /tmp for the unpacked backup — one read, also run
 * while planning. A missing tool or too little room is refused with what to do; the command
 * returned unpacks and prepares the backup (hot-prepare.ts).
 */
export async function hotVerifyCommand(
  ctx: Pick<BackupCtx, 'ssh'>,
  entry: Pick<BackupEntry, 'id' | 'tool' | 'compression' | 'bytes'>,
  on: Host,
  scratch: string,
): Promise<HotVerify> {
  const { tool, extract } = hotTools(entry);
  const probed = await ctx.ssh.read(
    on,
    `${probeCommand()}; echo "@@version $(${tool} --version 2>&1 | head -n 1)"; echo "@@free $(df -Pk /tmp | awk 'NR==2 {print $4}')"`,
    { timeoutMs: 30_000, purpose: `check ${on.name} can unpack and prepare the backup` },
  );
  const lines = probed.stdout.split('\n');
  const programs = parseProbe(lines.filter((l) => !l.startsWith('@@')).join('\n'));
  const why = `verify backup ${entry.id} (or choose another verify host with --on)`;
  for (const p of [tool, extract, ...(entry.compression === 'none' ? [] : [entry.compression])])
    requireProgram({ programs }, on, p, why);
  const series = majorMinor(lines.find((l) => l.startsWith('@@version '))?.slice(10) ?? '');
  const freeKiB = Number(lines.find((l) => l.startsWith('@@free '))?.slice(7));
  const need = scratchNeedBytes(entry);
  // While planning a backup run the file does not exist yet (0 bytes): nothing to measure.
  if (entry.bytes > 0 && Number.isFinite(freeKiB) && freeKiB * 1024 < need)
    throw new OpsdeckError(
      'LIMIT_EXCEEDED',
      `${on.name} has ${formatBytes(freeKiB * 1024)} free under /tmp; unpacking and preparing backup ${entry.id} needs about ${formatBytes(need)} (its ${formatBytes(entry.bytes)} stored${entry.compression === 'none' ? '' : ` ${entry.compression}-compressed, taken as 4× unpacked`}, plus 64 MiB).`,
      `Free space under /tmp on ${on.name}, or verify on another host with room (--on <host>).`,
    );
  return {
    command: hotPrepareCommand(entry, scratch, series),
    tool,
    stageOf: (stdout) => {
      const stage = readHotOutput(stdout).stage;
      return stage === 'prepare'
        ? `${tool} --prepare`
        : stage === 'version'
          ? 'checking its tool version'
          : 'unpacking its stream';
    },
  };
}

/**
 * A failed hot verify that says nothing about the backup: the verify host's tool is another
 * version than the one that took it, or its disk filled up. Returned as the error to throw (the
 * backup's previous verdict stays); undefined when the backup itself failed to unpack or prepare.
 */
export function judgeHotFailure(
  entry: Pick<BackupEntry, 'id' | 'tool'>,
  on: Host,
  stdout: string,
  message: string,
): OpsdeckError | undefined {
  const stage = readHotOutput(stdout).stage;
  const mismatch = /version mismatch: ([^\n]*?)(?:\n|$)/.exec(message);
  if (stage === 'version' && mismatch)
    return new OpsdeckError(
      'INVALID_PARAMS',
      `Backup ${entry.id} cannot be prepared on ${on.name}: ${mismatch[1]?.trim()}. It was not judged; its verification is unchanged.`,
      `Prepare it with the same ${hotTools(entry).tool} version that took it: verify on a host that has it (--on <host>), or install that version on ${on.name}.`,
    );
  if (/No space left on device/i.test(message))
    return new OpsdeckError(
      'LIMIT_EXCEEDED',
      `${on.name} ran out of space under /tmp while verifying backup ${entry.id}: ${message}. It was not judged; its verification is unchanged.`,
      `Free space under /tmp on ${on.name}, or verify on another host with room (--on <host>).`,
    );
  return undefined;
}

/** "prepared on db2 in 3 s (mariabackup: completed OK!)", or undefined when it did not pass. */
export function preparedMessage(stdout: string, on: Host): string | undefined {
  const { preparedSec } = readHotOutput(stdout);
  return preparedSec === undefined
    ? undefined
    : `prepared on ${on.name} in ${preparedSec} s (--prepare completed OK!)`;
}
