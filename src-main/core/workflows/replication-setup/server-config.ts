import { OpsdeckError, toErrorShape, type Host } from '../../../contract';
import { planSettingEdits, type SettingValue } from '../../mysql/options/edit-plan';
import type { OptionTree } from '../../mysql/options/option-tree';
import { readServerOptions } from '../../mysql/options/remote-tree';
import { SERVER_ARGS_SCRIPT, serverArgsOf } from '../../mysql/options/server-args';
import { rootRead, rootWrite } from '../as-root';
import { editMyCnf } from './config-edit';
import { shellQuote as shq } from '../../common/shell';
import { safeAbsolutePath } from '../../command-args';
import { profileValue, waitForServer, type Ctx, type ReplicationDeps } from './io';

/**
 * Changing a server's settings in its option files over SSH, as root (sudo -n for other logins):
 * every file the server reads is looked at, each setting is changed where it wins (new ones go to
 * the profile's config file), each changed file gets a dated backup copy first, and a restart that
 * fails puts the backups back and starts the server again — the error says both.
 */

export interface FileChange {
  path: string;
  backup?: string;
  changes: string[];
  content: string;
}

/** The server's option files, as root (the running server's --defaults-file honoured). */
async function optionTree(ctx: Ctx, host: Host): Promise<OptionTree> {
  const args = (await rootRead(ctx, host, `${SERVER_ARGS_SCRIPT}; true`)).stdout
    .split('\n')
    .filter(Boolean);
  return readServerOptions(
    async (command) =>
      (await rootRead(ctx, host, `${command}; true`, { purpose: 'read the MySQL option files' }))
        .stdout,
    serverArgsOf(args),
  );
}

/** What would change, file by file (nothing written). */
export async function plannedFileChanges(
  ctx: Ctx,
  host: Host,
  settings: Record<string, SettingValue>,
): Promise<{ files: FileChange[]; notes: string[] }> {
  const main = profileValue(host, 'mysqlConfigPath', 'change MySQL settings');
  const tree = await optionTree(ctx, host);
  if (!tree.files.some((f) => f.path === main || f.realPath === main))
    throw new OpsdeckError(
      'MYSQL_PREFLIGHT_FAILED',
      `${host.name}'s profile names ${main} as the MySQL config file, but the server does not read it (it reads ${tree.files.map((f) => f.path).join(', ') || 'no option file'}).`,
      `Detect the profile again (\`opsdeck hosts profile ${host.name} --detect\`) or set mysqlConfigPath to a file the server reads, then resume.`,
    );
  const plan = planSettingEdits(tree, settings, main);
  const files: FileChange[] = [];
  for (const edit of plan.edits) {
    const file = tree.files.find((f) => f.path === edit.path);
    const edited = editMyCnf(file?.content ?? '', edit.settings);
    if (edited.changes.length)
      files.push({ path: edit.path, changes: edited.changes, content: edited.content });
  }
  return { files, notes: plan.notes };
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);

/** A write that failed: "read-only file system", "permission denied" or the command's own words. */
function cannotWrite(host: Host, path: string, err: unknown, restored: string): OpsdeckError {
  const e = toErrorShape(err);
  const why = /read-only file system/i.test(e.message)
    ? 'its file system is read-only'
    : /permission denied/i.test(e.message)
      ? 'permission was denied'
      : e.message;
  return new OpsdeckError(
    'SSH_COMMAND_FAILED',
    `Cannot change ${path} on ${host.name}: ${why}. ${restored}`,
    /read-only/i.test(e.message)
      ? `Make it writable (e.g. remount /etc read-write), or point ${host.name}'s mysqlConfigPath at a writable option file the server reads; then resume.`
      : `Fix the cause on ${host.name}, then resume.`,
    { cause: err },
  );
}

/**
 * Writes the settings (backup first), then restarts with the profile's command when asked.
 * Returns the changes per file, e.g. ["/etc/mysql/my.cnf: log_bin: (unset) → mysql-bin, read_only: OFF → ON"].
 */
export async function changeServerSettings(
  ctx: Ctx,
  deps: ReplicationDeps,
  host: Host,
  settings: Record<string, SettingValue>,
  restart: boolean,
): Promise<string[]> {
  const { files, notes } = await plannedFileChanges(ctx, host, settings);
  for (const note of notes) ctx.log(`${host.name}: ${note}`, 'warn');
  const written: FileChange[] = [];
  for (const file of files) {
    // Option file paths come from the server's own includes: absolute and clean, never an option.
    safeAbsolutePath(file.path, `MySQL option file of ${host.name}`);
    const backup = `${file.path}.opsdeck-${stamp()}`;
    try {
      await rootWrite(ctx, host, `cp -p -- ${shq(file.path)} ${shq(backup)}`, {
        purpose: `back up ${file.path}`,
      });
    } catch (err) {
      throw cannotWrite(host, file.path, err, await restore(ctx, host, written));
    }
    ctx.leftFile(host, backup, `copy of ${file.path} before this run edited it`);
    try {
      await rootWrite(ctx, host, `cat > ${shq(file.path)}`, {
        stdin: file.content,
        purpose: `write ${file.path}`,
      });
    } catch (err) {
      throw cannotWrite(
        host,
        file.path,
        err,
        await restore(ctx, host, [...written, { ...file, backup }]),
      );
    }
    written.push({ ...file, backup });
    ctx.log(`${host.name}: ${file.path} edited (backup ${backup}): ${file.changes.join('; ')}`);
  }
  if (restart) await restartServer(ctx, deps, host, written);
  return written.map((f) => `${f.path}: ${f.changes.join(', ')}`);
}

/** The profile's restart; on failure the edited files go back and the server is started again. */
async function restartServer(ctx: Ctx, deps: ReplicationDeps, host: Host, written: FileChange[]) {
  const cmd = profileValue(host, 'mysqlServiceRestart', 'restart MySQL');
  try {
    await rootWrite(ctx, host, cmd, {
      purpose: `restart MySQL on ${host.name}`,
      timeoutMs: 180_000,
    });
  } catch (err) {
    deps.closeMysql(host.id);
    const e = toErrorShape(err);
    const restored = await restore(ctx, host, written);
    const start = host.profile.mysqlServiceStart ?? cmd;
    const again = await rootWrite(ctx, host, start, {
      purpose: `start MySQL on ${host.name} with the restored config`,
      timeoutMs: 180_000,
    }).then(
      () => `MySQL on ${host.name} was started again with it (\`${start}\`).`,
      (startErr: unknown) =>
        `Starting MySQL again (\`${start}\`) failed too: ${toErrorShape(startErr).message}`,
    );
    throw new OpsdeckError(
      'SSH_COMMAND_FAILED',
      `Restarting MySQL on ${host.name} failed: ${e.message} ${restored} ${again}`,
      `Look at ${host.name}'s MySQL error log and its service command (profile mysqlServiceRestart: \`${cmd}\`); fix it, then resume.`,
      { cause: err },
    );
  }
  deps.closeMysql(host.id);
  if (!ctx.dryRun) await waitForServer(ctx, host);
}

/** Puts backups back; says what was restored (or what could not be). */
async function restore(ctx: Ctx, host: Host, written: FileChange[]): Promise<string> {
  const done: string[] = [];
  const failed: string[] = [];
  for (const file of written) {
    if (!file.backup) continue;
    await rootWrite(ctx, host, `cp -p -- ${shq(file.backup)} ${shq(file.path)}`, {
      purpose: `restore ${file.path} from its backup`,
    }).then(
      () => done.push(file.path),
      (err: unknown) => failed.push(`${file.path} (${toErrorShape(err).message})`),
    );
  }
  if (!written.length) return 'Nothing was changed.';
  return [
    done.length ? `Restored from the backups: ${done.join(', ')}.` : '',
    failed.length ? `NOT restored: ${failed.join(', ')} — the backup copies are beside them.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
