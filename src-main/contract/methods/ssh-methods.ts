import { z } from 'zod';
import { defineMethod } from '../define';
import {
  BroadcastResult,
  ExecRunDetail,
  ExecRunParams,
  ExecRunSummary,
  FileContent,
  FileListing,
  FileWriteResult,
  HostKeyReplaceResult,
  LocalFolders,
  TerminalInfo,
  TerminalOpenParams,
  TransferParams,
  TransferProgress,
} from '../ssh';

const id = z.string().min(1).max(128);
const terminalId = id.describe('terminal id');
const remotePath = z.string().min(1).max(4096).describe('path on the host');
const MAX_READ = 50 * 1024 * 1024;

/** Embedded terminals (ssh shell channels with a PTY). */
const terminalMethods = {
  'terminals.open': defineMethod({
    summary: 'Open a terminal on a host; output arrives as terminal.data, state as terminal.state',
    params: TerminalOpenParams,
    result: z.object({ terminalId: z.string(), logPath: z.string().optional() }),
    events: ['terminal.state', 'terminal.data', 'prompt.request'],
    mutates: true,
  }),
  'terminals.write': defineMethod({
    summary: 'Send keystrokes / pasted text to a terminal',
    params: z.object({ terminalId, data: z.string().max(1024 * 1024) }).strict(),
    result: z.object({ ok: z.boolean() }),
    events: [],
    mutates: true,
  }),
  'terminals.resize': defineMethod({
    summary: 'Change the PTY size (sent to the server as window-change)',
    params: z
      .object({
        terminalId,
        cols: z.number().int().min(1).max(1000),
        rows: z.number().int().min(1).max(500),
      })
      .strict(),
    result: z.object({ ok: z.boolean() }),
    events: [],
    mutates: false,
  }),
  'terminals.ack': defineMethod({
    summary:
      'Flow control: the renderer has drawn all of the terminal output up to this seq ' +
      '(cumulative: a later ack covers a lost one, a repeated one changes nothing)',
    params: z
      .object({ terminalId, seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
      .strict(),
    result: z.object({ paused: z.boolean() }),
    events: [],
    mutates: false,
  }),
  'terminals.close': defineMethod({
    summary: 'Close a terminal (ends the remote shell) and forget it',
    params: z.object({ terminalId }).strict(),
    result: z.object({ closed: z.boolean() }),
    events: ['terminal.state'],
    mutates: true,
  }),
  'terminals.reconnect': defineMethod({
    summary: 'Reconnect a closed or failed terminal (retries with backoff on network errors)',
    params: z.object({ terminalId }).strict(),
    result: z.object({ terminalId: z.string() }),
    events: ['terminal.state', 'terminal.data', 'prompt.request'],
    mutates: true,
  }),
  'terminals.list': defineMethod({
    summary: 'Terminals this core holds, open or not',
    params: z.object({}).strict(),
    result: z.array(TerminalInfo),
    events: [],
    mutates: false,
  }),
  'terminals.broadcast': defineMethod({
    summary: 'Send the same input to several open terminals',
    params: z
      .object({
        terminalIds: z.array(terminalId).min(1).max(500),
        data: z.string().max(1024 * 1024),
      })
      .strict(),
    result: BroadcastResult,
    events: [],
    mutates: true,
  }),
} as const;

/** One command on many hosts. */
const execMethods = {
  'exec.run': defineMethod({
    summary: 'Run a command on a group or a selection of hosts; progress arrives as exec.event',
    params: ExecRunParams,
    result: z.object({ execId: z.string() }),
    events: ['exec.event', 'prompt.request', 'audit.appended'],
    mutates: true,
  }),
  'exec.cancel': defineMethod({
    summary: 'Cancel a running cluster exec (running commands are killed)',
    params: z.object({ execId: id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    events: ['exec.event'],
    mutates: true,
  }),
  'exec.history': defineMethod({
    summary: 'Recent cluster execs, newest first',
    params: z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    result: z.array(ExecRunSummary),
    events: [],
    mutates: false,
  }),
  'exec.get': defineMethod({
    summary: 'One cluster exec with every host’s status, exit code, duration and output',
    params: z.object({ execId: id }).strict(),
    result: ExecRunDetail,
    events: [],
    mutates: false,
  }),
  'exec.rerunFailed': defineMethod({
    summary: 'Run the same command again on the hosts that failed, timed out or were unreachable',
    params: z.object({ execId: id }).strict(),
    result: z.object({ execId: z.string() }),
    events: ['exec.event', 'prompt.request', 'audit.appended'],
    mutates: true,
  }),
} as const;

/** Remote files over SFTP. */
const fileMethods = {
  'files.list': defineMethod({
    summary:
      'List a remote directory (directories first): type, size, permissions, owner, mtime, ' +
      'symlink targets',
    params: z
      .object({
        hostId: id,
        path: remotePath,
        limit: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict(),
    result: FileListing,
    events: ['prompt.request'],
    mutates: false,
  }),
  'files.localFolders': defineMethod({
    summary: 'Home and Downloads folders of the machine running Opsdeck (transfer defaults)',
    params: z.object({}).strict(),
    result: LocalFolders,
    events: [],
    mutates: false,
  }),
  'files.read': defineMethod({
    summary: 'Read a remote text file (refuses files over maxBytes; binary files are flagged)',
    params: z
      .object({
        hostId: id,
        path: remotePath,
        maxBytes: z
          .number()
          .int()
          .min(1)
          .max(MAX_READ)
          .default(5 * 1024 * 1024),
      })
      .strict(),
    result: FileContent,
    events: ['prompt.request'],
    mutates: false,
  }),
  'files.write': defineMethod({
    summary:
      'Write a remote text file atomically (temp + rename, mode/owner kept, timestamped backup); ' +
      'CONFLICT if it changed since it was read',
    params: z
      .object({
        hostId: id,
        path: remotePath,
        content: z.string().max(MAX_READ),
        /** etag from files.read; null to create a file that must not exist yet. */
        expectedEtag: z.string().max(256).nullable(),
      })
      .strict(),
    result: FileWriteResult,
    events: ['prompt.request', 'audit.appended'],
    mutates: true,
  }),
  'files.download': defineMethod({
    summary: 'Download a remote file; progress arrives as transfer.progress',
    params: TransferParams,
    result: z.object({ transferId: z.string() }),
    events: ['transfer.progress', 'prompt.request'],
    mutates: false,
  }),
  'files.upload': defineMethod({
    summary: 'Upload a local file (atomic on the server, backup of a replaced file)',
    params: TransferParams,
    result: z.object({ transferId: z.string() }),
    events: ['transfer.progress', 'prompt.request', 'audit.appended'],
    mutates: true,
  }),
  'transfers.cancel': defineMethod({
    summary: 'Cancel a running upload or download (partial files are removed)',
    params: z.object({ transferId: id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    events: ['transfer.progress'],
    mutates: true,
  }),
  'transfers.list': defineMethod({
    summary: 'Transfers of this session with their latest progress',
    params: z.object({}).strict(),
    result: z.array(TransferProgress),
    events: [],
    mutates: false,
  }),
} as const;

/** Terminals, cluster exec, SFTP and the explicit host-key replacement. */
export const sshMethods = {
  ...terminalMethods,
  ...execMethods,
  ...fileMethods,
  'hosts.replaceHostKey': defineMethod({
    summary:
      'Replace a changed host key: without confirmFingerprint it only shows the new key; with ' +
      'it (equal to the key the server presents) the key is replaced, audited',
    params: z.object({ id, confirmFingerprint: z.string().max(128).optional() }).strict(),
    result: HostKeyReplaceResult,
    events: ['audit.appended'],
    mutates: true,
  }),
} as const;
