import { OpsdeckError, type DiffSource } from '../../contract';

const LOCAL = /^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/])/;
const DURATION = /^-?(\d+)([mhdw])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in time for `host:path@when`: `yesterday` (24 hours ago), `today` (midnight), `2d`,
 * `-3h`, `30m`, `1w` (ago), a date (`2024-05-01`: the end of that day) or an ISO time. undefined
 * when `when` is none of these (then `@` belongs to the path, e.g. getty@.service).
 */
export function parseWhen(when: string, now: Date): string | undefined {
  if (when === 'yesterday') return new Date(now.getTime() - UNIT_MS.d!).toISOString();
  if (when === 'today') {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.toISOString();
  }
  const dur = DURATION.exec(when);
  if (dur) return new Date(now.getTime() - Number(dur[1]) * UNIT_MS[dur[2]!]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) {
    const d = new Date(`${when}T23:59:59.999`);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(when)) {
    const d = new Date(when);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

/**
 * One side as the CLI writes it:
 *   db1:/etc/mysql/my.cnf              a host's file
 *   db1:/etc/mysql/my.cnf@yesterday    its newest snapshot at or before then (2d, 2024-05-01, …)
 *   ./my.cnf, /tmp/x, local:my.cnf     a local file
 *   snapshot:12                        a stored snapshot
 *   template:./my.cnf.tmpl@db1         a local template rendered for db1
 */
export function parseSource(spec: string, now: Date, sudo?: boolean): DiffSource {
  const bad = (why: string) =>
    new OpsdeckError(
      'INVALID_PARAMS',
      `${spec}: ${why}.`,
      'Write host:/path, host:/path@yesterday, ./local-file, snapshot:<id> or template:<file>@<host>.',
    );
  if (spec.startsWith('local:')) return { kind: 'local', path: spec.slice(6) };
  if (spec.startsWith('snapshot:')) {
    const id = Number(spec.slice(9));
    if (!Number.isInteger(id) || id <= 0) throw bad('a snapshot id is a positive number');
    return { kind: 'snapshot', snapshotId: id };
  }
  if (spec.startsWith('template:')) {
    const rest = spec.slice(9);
    const at = rest.lastIndexOf('@');
    if (at <= 0 || at === rest.length - 1) throw bad('name the host the template is rendered for');
    return { kind: 'template', path: rest.slice(0, at), hostId: rest.slice(at + 1) };
  }
  if (LOCAL.test(spec)) return { kind: 'local', path: spec };
  const colon = spec.indexOf(':');
  if (colon <= 0) return { kind: 'local', path: spec };
  const hostId = spec.slice(0, colon);
  let path = spec.slice(colon + 1);
  if (!path) throw bad('the path after the host is missing');
  const at = path.lastIndexOf('@');
  if (at > 0) {
    const when = parseWhen(path.slice(at + 1), now);
    if (when) return { kind: 'snapshot-at', hostId, path: path.slice(0, at), at: when };
  }
  path = path || '/';
  return { kind: 'host', hostId, path, ...(sudo ? { sudo: true } : {}) };
}
