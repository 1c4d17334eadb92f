import type { BackupEntry } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import { decompressCommand } from '../tools/compression';

/** The program family that took a hot backup: its tool, and the unpacker of its stream. */
export function hotTools(entry: Pick<BackupEntry, 'tool'>): { tool: string; extract: string } {
  return entry.tool === 'xtrabackup'
    ? { tool: 'xtrabackup', extract: 'xbstream' }
    : { tool: 'mariabackup', extract: 'mbstream' };
}

/** Stages of the verify command, as it reports them on stdout (`@@opsdeck-stage <name>`). */
export type HotStage = 'unpack' | 'version' | 'prepare';

/** `major.minor` of a tool's version line or a backup's tool_version ("10.11.6-MariaDB" → "10.11"). */
export function majorMinor(text: string): string | undefined {
  return /(\d+\.\d+)\.\d+/.exec(text)?.[1];
}

/**
 * The command a verify host runs on a hot backup's stored bytes (stdin): unpack the stream into
 * `scratch`, check the backup's tool version (tool_version in its info file) has the host tool's
 * `major.minor` (`toolSeries`), run `<tool> --prepare --target-dir` and require the tool's own
 * "completed OK!". The scratch folder and its log are removed when the command ends, however it
 * ends (a cancel's TERM included). Prints `@@opsdeck-stage <stage>` as it goes and
 * `@@opsdeck-prepared <seconds>` on success; the tool's last lines go to stderr on failure.
 */
export function hotPrepareCommand(
  entry: Pick<BackupEntry, 'tool' | 'compression'>,
  scratch: string,
  toolSeries: string | undefined,
): string {
  const { tool, extract } = hotTools(entry);
  const s = q(scratch);
  const log = q(`${scratch}.log`);
  const version = toolSeries
    ? `bv=$(sed -n 's/^tool_version *= *//p' ${s}/mariadb_backup_info ${s}/xtrabackup_info 2>/dev/null | head -n 1); ` +
      `case "$bv" in '' | ${toolSeries}.*) ;; *) echo "version mismatch: the backup was taken by ${tool} $bv; this host has ${tool} ${toolSeries}" >&2; exit 4;; esac; `
    : '';
  return [
    `set -o pipefail; trap "rm -rf ${s} ${log}" EXIT; trap 'exit 143' TERM INT HUP;`,
    `rm -rf ${s} ${log} && mkdir -p ${s} || exit 1;`,
    `echo '@@opsdeck-stage unpack';`,
    `${decompressCommand(entry.compression)} | ${extract} -x -C ${s} || exit 2;`,
    `[ -f ${s}/xtrabackup_checkpoints ] || { echo 'the stream unpacked without xtrabackup_checkpoints: it is not a whole backup' >&2; exit 2; };`,
    `echo '@@opsdeck-stage version'; ${version}`,
    `echo '@@opsdeck-stage prepare'; t0=$(date +%s);`,
    `${tool} --prepare --target-dir=${s} >${log} 2>&1; rc=$?;`,
    `if [ $rc -ne 0 ] || ! grep -q 'completed OK!' ${log}; then tail -n 15 ${log} >&2; exit 5; fi;`,
    `echo "@@opsdeck-prepared $(( $(date +%s) - t0 ))"`,
  ].join(' ');
}

/** The last stage the command reported in `stdout`, and the prepare's seconds once it passed. */
export function readHotOutput(stdout: string): { stage?: HotStage; preparedSec?: number } {
  const stages = [...stdout.matchAll(/^@@opsdeck-stage (\w+)$/gm)].map((m) => m[1] as HotStage);
  const done = /^@@opsdeck-prepared (\d+)$/m.exec(stdout);
  return {
    ...(stages.length ? { stage: stages[stages.length - 1] } : {}),
    ...(done ? { preparedSec: Number(done[1]) } : {}),
  };
}

/**
 * Bytes the scratch folder may need: the unpacked backup, estimated from the stored size (a
 * compressed stream is taken to grow 4×; the catalog does not know the raw size), plus 64 MiB.
 */
export function scratchNeedBytes(entry: Pick<BackupEntry, 'bytes' | 'compression'>): number {
  return entry.bytes * (entry.compression === 'none' ? 1 : 4) + 64 * 1024 * 1024;
}
