import { formatBytes, OpsdeckError, type CommandOutcome, type Host } from '../../contract';
import { shellQuote } from '../common/shell';
import { sudoPasswordError } from '../exec/summary';
import { asRoot } from '../ssh/privilege';
import { decodeText } from '../files/binary-detect';
import { Redactor } from '../redact';
import { maskConfigSecrets } from './mask-secrets';
import { etagOf } from '../files/etag';
import {
  expectedState,
  parseRead,
  parseWrite,
  READ_SCRIPT,
  RESTORE_SCRIPT,
  HASH_SCRIPT,
  writeScript,
} from './remote-file-scripts';

export interface ExecResultLike {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one command on a host (the SSH pool, or a workflow's ctx.ssh). */
export type RemoteExec = (
  host: Host,
  command: string,
  options: { stdin?: string; timeoutMs?: number; maxBuffer?: number; signal?: AbortSignal },
) => Promise<ExecResultLike>;

/** A host file as read for a comparison or a save. */
export interface HostFileRead {
  path: string;
  missing: boolean;
  data: Buffer;
  text: string;
  /** null when missing. */
  etag: string | null;
  size: number;
  mode?: number;
  uid?: number;
  gid?: number;
  mtimeMs?: number;
  via: 'sftp' | 'sudo';
}

const COMMAND_TIMEOUT_MS = 60_000;
const OUTPUT_KEEP = 8 * 1024;

/** `sh -s -- <args…>` with the script on stdin, through `sudo -n` when asked. */
export function scriptCall(
  script: string,
  args: readonly string[],
  sudo: boolean,
): { command: string; stdin: string } {
  const line = `sh -s -- ${args.map(shellQuote).join(' ')}`;
  return { command: sudo ? `sudo -n ${line}` : line, stdin: script };
}

/**
 * A command of the profile/defaults as the host runs it: as root, so through `sudo -n` when the
 * profile says so or the login is not root (validating a server's config, restarting it).
 */
export function privileged(host: Host, command: string): string {
  return asRoot(host, command);
}

export function trimOutput(text: string): string {
  const t = text.trim();
  return t.length > OUTPUT_KEEP ? `…${t.slice(-OUTPUT_KEEP)}` : t;
}

function failed(host: Host, what: string, r: ExecResultLike): OpsdeckError {
  const sudo = sudoPasswordError(host.name, r.stderr);
  if (sudo)
    return new OpsdeckError(
      'SUDO_PASSWORD_REQUIRED',
      `${host.user} on ${host.name} cannot use sudo without a password, so Opsdeck could not ${what}.`,
      'Allow it without a password for that user (NOPASSWD in sudoers), or log in as a user that may read/write the file.',
    );
  return new OpsdeckError(
    'SSH_COMMAND_FAILED',
    `Could not ${what} on ${host.name} (exit ${r.code ?? 'signal'}): ${trimOutput(r.stderr) || 'no message'}.`,
    'Check the path, free space and permissions on the server.',
  );
}

export function binaryRefused(host: Host, path: string): OpsdeckError {
  return new OpsdeckError(
    'FILE_BINARY',
    `${path} on ${host.name} is a binary file; Opsdeck compares text files only.`,
    'Compare checksums instead (opsdeck exec -- sha256sum …), or download it.',
  );
}

export function tooLarge(host: Host, path: string, size: number, max: number): OpsdeckError {
  return new OpsdeckError(
    'FILE_TOO_LARGE',
    `${path} on ${host.name} is ${formatBytes(size)}, over the ${formatBytes(max)} limit for comparisons.`,
    'Raise the limit (--max-bytes) if you really mean to compare it, or compare a part in a terminal.',
  );
}

/** Read a host file with READ_SCRIPT (through sudo when asked). */
export async function readViaShell(
  exec: RemoteExec,
  host: Host,
  path: string,
  maxBytes: number,
  sudo: boolean,
  signal?: AbortSignal,
): Promise<HostFileRead> {
  const call = scriptCall(READ_SCRIPT, [path, String(maxBytes)], sudo);
  const r = await exec(host, call.command, {
    stdin: call.stdin,
    timeoutMs: COMMAND_TIMEOUT_MS,
    maxBuffer: Math.ceil(maxBytes * 1.4) + 64 * 1024,
    ...(signal ? { signal } : {}),
  });
  const parsed = r.code === 0 ? parseRead(r.stdout) : undefined;
  if (!parsed) throw failed(host, `read ${path}`, r);
  const via = sudo ? 'sudo' : 'sftp';
  switch (parsed.kind) {
    case 'missing':
      return {
        path: parsed.path,
        missing: true,
        data: Buffer.alloc(0),
        text: '',
        etag: null,
        size: 0,
        via,
      };
    case 'not-file':
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `${parsed.path} on ${host.name} is not a regular file.`,
        'Compare regular files (not directories or devices).',
      );
    case 'too-large':
      throw tooLarge(host, parsed.path, parsed.size, maxBytes);
  }
  const decoded = decodeText(parsed.data);
  if (decoded.binary) throw binaryRefused(host, parsed.path);
  const mtimeMs = parsed.mtimeSec * 1000;
  return {
    path: parsed.path,
    missing: false,
    data: parsed.data,
    text: decoded.text,
    etag: etagOf({ size: parsed.data.length, mtimeMs }, parsed.data),
    size: parsed.data.length,
    mode: parsed.mode,
    uid: parsed.uid,
    gid: parsed.gid,
    mtimeMs,
    via,
  };
}

export interface ShellWrite {
  path: string;
  data: Buffer;
  expectedEtag: string | null;
  backupPath: string;
  /** A validation command with `{file}` where the new file's path goes. */
  validate?: string;
  /** `check`: validate the new content in a temp file and stop (nothing is replaced). */
  mode: 'write' | 'check';
  sudo: boolean;
  signal?: AbortSignal;
}

export interface ShellWriteResult {
  backupPath: string | null;
  /** Empty for `check`. */
  etag: string;
  sha256: string;
  validation?: CommandOutcome;
  /** Written in place (a mount point, which rename(2) cannot replace), not atomically. */
  inPlace: boolean;
}

/** Replace (or only validate) a host file with WRITE_SCRIPT. */
export async function writeViaShell(
  exec: RemoteExec,
  host: Host,
  w: ShellWrite,
): Promise<ShellWriteResult> {
  const validate = w.validate?.replaceAll('{file}', '"$OPSDECK_FILE"') ?? '';
  const args = [w.path, expectedState(w.expectedEtag), w.backupPath, w.mode, validate];
  const call = scriptCall(writeScript(w.data.toString('base64')), args, w.sudo);
  const r = await exec(host, call.command, {
    stdin: call.stdin,
    timeoutMs: COMMAND_TIMEOUT_MS,
    ...(w.signal ? { signal: w.signal } : {}),
  });
  const out = parseWrite(r.stdout);
  const validation: CommandOutcome | undefined =
    out.validation && w.validate
      ? {
          command: w.validate,
          ok: out.validation.exitCode === 0,
          exitCode: out.validation.exitCode,
          output: trimOutput(out.validation.output),
        }
      : undefined;
  if (r.code === 10)
    throw new OpsdeckError(
      'CONFLICT',
      `Not saved: ${w.path} on ${host.name} was not overwritten because it changed since you read it.`,
      'Reload the file, re-apply your change to the current content, and save again.',
    );
  if (r.code === 11 && validation) throw invalid(host, w.path, validation);
  if (r.code !== 0) throw failed(host, `write ${w.path}`, r);
  const sha256 = w.mode === 'write' ? (out.done?.sha256 ?? '') : '';
  return {
    backupPath: out.backupPath,
    etag: out.done ? `${out.done.size}-${out.done.mtimeSec}-${out.done.sha256}` : '',
    sha256,
    inPlace: out.inPlace,
    ...(validation ? { validation } : {}),
  };
}

export function invalid(host: Host, path: string, v: CommandOutcome): OpsdeckError {
  return new OpsdeckError(
    'CONFIG_INVALID',
    `Not saved: the new ${path} failed validation on ${host.name} (${v.command}, exit ${v.exitCode ?? 'signal'}); ` +
      `the file was not replaced.\n${maskConfigSecrets(v.output, new Redactor())}`,
    'Fix what the validation reports and save again (or save without validation if you are sure).',
  );
}

/** Put a backup's content back in place (atomically; the backup stays). Returns the new SHA-256. */
export async function restoreViaShell(
  exec: RemoteExec,
  host: Host,
  path: string,
  backupPath: string,
  sudo: boolean,
): Promise<string> {
  const call = scriptCall(RESTORE_SCRIPT, [path, backupPath], sudo);
  const r = await exec(host, call.command, { stdin: call.stdin, timeoutMs: COMMAND_TIMEOUT_MS });
  const m = /DONE ([0-9a-f]{64})/.exec(r.stdout);
  if (r.code !== 0 || !m) throw failed(host, `restore ${path} from ${backupPath}`, r);
  return m[1] as string;
}

/** SHA-256 of a host file, or null when it does not exist. */
export async function hashViaShell(
  exec: RemoteExec,
  host: Host,
  path: string,
  sudo: boolean,
): Promise<string | null> {
  const call = scriptCall(HASH_SCRIPT, [path], sudo);
  const r = await exec(host, call.command, { stdin: call.stdin, timeoutMs: COMMAND_TIMEOUT_MS });
  const line = r.stdout.trim();
  if (r.code !== 0 || !/^([0-9a-f]{64}|absent)$/.test(line)) throw failed(host, `hash ${path}`, r);
  return line === 'absent' ? null : line;
}

/** Run a profile/default command (validation of a given file, or a reload) and report it. */
export async function runConfigCommand(
  exec: RemoteExec,
  host: Host,
  command: string,
  file?: string,
): Promise<CommandOutcome> {
  const line = file ? command.replaceAll('{file}', shellQuote(file)) : command;
  const r = await exec(host, privileged(host, line), { timeoutMs: COMMAND_TIMEOUT_MS });
  const sudo = sudoPasswordError(host.name, r.stderr);
  if (sudo) throw failed(host, `run ${command}`, r);
  return {
    command,
    ok: r.code === 0,
    exitCode: r.code,
    output: trimOutput(`${r.stdout}\n${r.stderr}`),
  };
}
