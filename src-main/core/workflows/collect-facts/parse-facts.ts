import type { HostFacts } from '../../../contract';

/** Pure parsers for the output of the commands collect-facts runs. Tested on recorded samples. */

export function parseOsRelease(text: string): string {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1] as string, (m[2] as string).replace(/^"(.*)"$/, '$1'));
  }
  return (
    fields.get('PRETTY_NAME') ??
    [fields.get('NAME'), fields.get('VERSION')].filter(Boolean).join(' ') ??
    'unknown'
  );
}

export function parseMemInfoMiB(text: string): number {
  const m = /^MemTotal:\s+(\d+)\s+kB/m.exec(text);
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

export function parseUptimeSeconds(text: string): number {
  const first = Number.parseFloat(text.trim().split(/\s+/)[0] ?? '');
  return Number.isFinite(first) ? Math.floor(first) : 0;
}

/** `df -P -k` output → disks. Pseudo filesystems are filtered by the command itself. */
export function parseDf(text: string): HostFacts['disks'] {
  const disks: HostFacts['disks'] = [];
  for (const line of text.trim().split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 6) continue;
    const [device, blocks, , , capacity] = cols;
    const mount = cols.slice(5).join(' ');
    disks.push({
      device: device as string,
      mount,
      sizeMiB: Math.round(Number(blocks) / 1024),
      usedPct: Number.parseInt(capacity ?? '0', 10) || 0,
    });
  }
  return disks;
}

/** `mariadbd --version` / `mysqld --version` → flavor and version. */
export function parseMysqlVersion(text: string): Pick<HostFacts['mysql'], 'version' | 'flavor'> {
  const line = text.trim().split('\n')[0] ?? '';
  const version = /Ver\s+([0-9]+\.[0-9]+\.[0-9]+[^\s]*)/.exec(line)?.[1];
  if (!version) return {};
  const flavor = /mariadb/i.test(line) ? 'mariadb' : /percona/i.test(line) ? 'percona' : 'mysql';
  return { version: version.replace(/-MariaDB.*$/i, ''), flavor };
}

/** Split the output of a script that prints `@@section` markers before each part. */
export function splitSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let buffer: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^@@([a-z-]+)$/.exec(line);
    if (m) {
      if (current) sections.set(current, buffer.join('\n'));
      current = m[1];
      buffer = [];
    } else if (current) buffer.push(line);
  }
  if (current) sections.set(current, buffer.join('\n'));
  return sections;
}
