import type { ReplicationSetupParamsIn } from '../../../src-main/contract';

/** The replication wizard's form, as the user filled it in. */
export interface SetupForm {
  master: string;
  replica: string;
  seed: 'dump' | 'hot-backup';
  /** Dump seed: databases to copy (free text, comma or space separated). */
  databases: string;
  /** replicate-wild-ignore-table patterns (free text). */
  ignore: string;
  logReplicaUpdates: boolean;
  enableBinlog: boolean;
  fixServerId: boolean;
  fixBindAddress: boolean;
  /** The replica's databases as the user typed them to confirm overwriting. */
  overwriteTyped: string;
}

export const emptyForm: SetupForm = {
  master: '',
  replica: '',
  seed: 'dump',
  databases: '',
  ignore: '',
  logReplicaUpdates: false,
  enableBinlog: false,
  fixServerId: false,
  fixBindAddress: false,
  overwriteTyped: '',
};

const PATTERN = /^[^\s,.]+\.[^\s,]+$/;

export const parseList = (s: string): string[] =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Typed confirmation of overwriting the replica's databases: confirmed only when the user typed
 * exactly the databases listed (any order), so nothing is overwritten by a half-read list.
 */
export function overwriteConfirmation(
  typed: string,
  listed: string[],
): { confirmed: boolean; error?: string } {
  if (listed.length === 0) return { confirmed: true };
  const names = parseList(typed);
  if (names.length === 0) return { confirmed: false };
  const extra = names.filter((n) => !listed.includes(n));
  const missing = listed.filter((n) => !names.includes(n));
  if (extra.length) return { confirmed: false, error: `Not on the replica: ${extra.join(', ')}` };
  if (missing.length) return { confirmed: false, error: `Also type: ${missing.join(', ')}` };
  return { confirmed: true };
}

export interface FormCheck {
  valid: boolean;
  sameHost: boolean;
  badPattern?: string;
  overwrite: { confirmed: boolean; error?: string };
}

export function checkForm(form: SetupForm, replicaDatabases: string[]): FormCheck {
  const sameHost = form.master !== '' && form.master === form.replica;
  const badPattern = parseList(form.ignore).find((p) => !PATTERN.test(p));
  const overwrite = overwriteConfirmation(form.overwriteTyped, replicaDatabases);
  return {
    valid: form.master !== '' && form.replica !== '' && !sameHost && !badPattern,
    sameHost,
    ...(badPattern ? { badPattern } : {}),
    overwrite,
  };
}

/**
 * The workflow's params. `overwrite` carries the replica's databases only once the user typed
 * them all; `enableBinlog` only when the master's binary log is off and the user accepted;
 * `fixServerId` only when the server_ids clash and the user accepted; `fixBindAddress` only when
 * the check found the master listening where the replica cannot reach it and the user accepted.
 */
export function setupParams(
  form: SetupForm,
  replicaDatabases: string[],
  masterBinlogOff: boolean,
  serverIdClash = false,
  bindOffered = false,
): ReplicationSetupParamsIn {
  const dbList = parseList(form.databases);
  const confirmed = overwriteConfirmation(form.overwriteTyped, replicaDatabases).confirmed;
  return {
    master: form.master,
    replica: form.replica,
    seed: form.seed,
    ...(form.seed === 'dump' && dbList.length ? { databases: dbList } : {}),
    overwrite: confirmed ? replicaDatabases : [],
    ignoreTables: parseList(form.ignore),
    logReplicaUpdates: form.logReplicaUpdates,
    enableBinlog: masterBinlogOff && form.enableBinlog,
    fixServerId: serverIdClash && form.fixServerId,
    fixBindAddress: bindOffered && form.fixBindAddress,
  };
}
