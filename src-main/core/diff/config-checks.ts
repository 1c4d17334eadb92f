import {
  fileKindOf,
  type ConfigChecks,
  type ConfigCheckRule,
  type ConfigCommand,
  type FileKind,
  type Host,
} from '../../contract';

/** `*` within a name, `**` across folders, `?` one character; anything else literally. */
export function matchesGlob(pattern: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(path);
}

/** "8.0.35-0ubuntu…" ≥ "8.0.16"? */
function atLeast(version: string | undefined, min: [number, number, number]): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const v: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (const i of [0, 1, 2] as const) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

function mysqlValidate(host: Host): ConfigCommand {
  const flavor = host.profile.mysqlFlavor ?? host.facts?.mysql.flavor;
  const version = host.profile.mysqlVersion ?? host.facts?.mysql.version;
  if (flavor !== 'mariadb' && atLeast(version, [8, 0, 16])) {
    return {
      command: 'mysqld --defaults-file={file} --validate-config --user=mysql',
      from: 'default',
      description: `mysqld --validate-config (MySQL ${version}) checks the new file's options`,
    };
  }
  return {
    command:
      'm=$(command -v mariadbd || command -v mysqld || echo /usr/sbin/mysqld); ' +
      '"$m" --defaults-file={file} --help --verbose >/dev/null',
    from: 'default',
    description:
      'the server reads the new file with --help --verbose: an unknown or malformed option fails',
  };
}

interface Defaults {
  validate?: ConfigCommand;
  reload?: ConfigCommand;
  note?: string;
}

function defaultsFor(kind: FileKind, path: string, host: Host): Defaults {
  const name = path.slice(path.lastIndexOf('/') + 1);
  switch (kind) {
    case 'mysql': {
      const restart = host.profile.mysqlServiceRestart;
      return {
        validate: mysqlValidate(host),
        ...(restart
          ? {
              reload: {
                command: restart,
                from: 'profile' as const,
                description: 'restarts MySQL (the profile’s restart command)',
              },
            }
          : {}),
      };
    }
    case 'haproxy':
      return {
        validate: {
          command: 'haproxy -c -f {file}',
          from: 'default',
          description: 'haproxy -c checks the new configuration',
        },
      };
    case 'nginx':
      return name === 'nginx.conf'
        ? {
            validate: {
              command: 'nginx -t -c {file}',
              from: 'default',
              description: 'nginx -t checks the new main configuration with its includes',
            },
          }
        : {
            note: 'An included nginx file cannot be checked on its own; add a rule to the host profile.',
          };
    case 'sshd':
      return name === 'sshd_config'
        ? {
            validate: {
              command: 'sshd -t -f {file}',
              from: 'default',
              description: 'sshd -t checks the new configuration',
            },
          }
        : { note: 'Only sshd_config itself is checked by default.' };
    case 'shell':
      return {
        validate: {
          command: 'sh -n {file}',
          from: 'default',
          description: 'sh -n checks the syntax',
        },
      };
    default:
      return {
        note: 'No validation is known for this kind of file; add a rule to the host profile.',
      };
  }
}

/**
 * What a save of `path` on `host` runs: the first matching rule of the host profile wins; each of
 * its commands replaces the default for the file kind (a rule may give only a reload).
 */
export function configChecksFor(host: Host, path: string): ConfigChecks {
  const kind = fileKindOf(path);
  const defaults = defaultsFor(kind, path, host);
  const rule: ConfigCheckRule | undefined = host.profile.configChecks?.find((r) =>
    matchesGlob(r.path, path),
  );
  const fromRule = (command: string | undefined, what: string): ConfigCommand | undefined =>
    command
      ? { command, from: 'profile', description: `${what} (host profile rule ${rule?.path})` }
      : undefined;
  const validate = fromRule(rule?.validate, 'validation') ?? defaults.validate;
  const reload = fromRule(rule?.reload, 'reload') ?? defaults.reload;
  return {
    kind,
    ...(validate ? { validate } : {}),
    ...(reload ? { reload } : {}),
    ...(!validate && defaults.note ? { note: defaults.note } : {}),
  };
}
