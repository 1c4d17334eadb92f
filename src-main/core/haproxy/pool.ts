import { OpsdeckError, type HaproxySection } from '../../contract';
import { parseHaproxyConfig, tokens } from './config-parse';

/** A server of a generated MySQL pool. */
export interface PoolServer {
  name: string;
  address: string;
  port: number;
}

/** What becomes of the old master in the writer pool. */
export type OldMasterPolicy = 'remove' | 'backup' | 'disabled';

export interface WriterPoolSpec {
  /** backend or listen section that the writers' frontend uses. */
  section: string;
  /** The one server that takes writes. */
  active: PoolServer;
  /** The old master: removed, kept as `backup`, or kept `disabled` (maintenance). */
  oldMaster?: PoolServer & { policy: OldMasterPolicy };
  /**
   * Other servers kept in the pool as `disabled` standbys, so that a later move can be made at once
   * through the runtime API (`set server … state ready`) before the config is rewritten.
   */
  standbys?: PoolServer[];
  /** Shown in the comment above the servers. */
  note: string;
}

export interface GeneratedPool {
  text: string;
  changed: boolean;
  /** The section's server lines before and after, for plans and audit records. */
  before: string[];
  after: string[];
}

/** The comment above a pool Opsdeck wrote (found again on the next rewrite). */
export const WRITER_POOL_MARKER = '# opsdeck writer pool:';
const MARKER = WRITER_POOL_MARKER;

/**
 * Rewrites the server lines of one backend / listen section into a single-writer MySQL pool and
 * leaves every other line as it was. Check options (`check inter …`) are taken from the section's
 * existing server lines; `option mysql-check` / an HTTP check on a replication-aware checker port
 * stay as the section has them.
 */
export function generateWriterPool(config: string, spec: WriterPoolSpec): GeneratedPool {
  const sections = parseHaproxyConfig(config);
  const section = findPoolSection(sections, spec.section);
  const lines = config.split('\n');
  const serverLines = section.servers.map((s) => s.line);
  const markerLine = markerLineOf(lines, section, sections);
  const removed = new Set([...serverLines, ...(markerLine ? [markerLine] : [])]);
  const insertAt = Math.min(...serverLines, sectionEnd(lines, section, sections) + 1);
  const options = serverOptions(section, spec);
  const indent = indentOf(lines, section) ?? '  ';
  const line = (s: PoolServer, flag?: 'backup' | 'disabled') =>
    `${indent}server ${s.name} ${endpoint(s)}${options ? ` ${options}` : ''}${flag ? ` ${flag}` : ''}`;
  const pool = [
    `${indent}${MARKER} ${spec.note}`,
    line(spec.active),
    ...(spec.oldMaster && spec.oldMaster.policy !== 'remove'
      ? [line(spec.oldMaster, spec.oldMaster.policy)]
      : []),
    ...(spec.standbys ?? [])
      .filter((s) => s.name !== spec.active.name && s.name !== spec.oldMaster?.name)
      .map((s) => line(s, 'disabled')),
  ];
  const out: string[] = [];
  lines.forEach((text, i) => {
    const n = i + 1;
    if (n === insertAt) out.push(...pool);
    if (!removed.has(n)) out.push(text);
  });
  if (insertAt > lines.length) out.push(...pool);
  const text = out.join('\n');
  return {
    text,
    changed: withoutMarker(text) !== withoutMarker(config),
    before: serverLines.map((n) => (lines[n - 1] ?? '').trim()),
    after: pool.slice(1).map((l) => l.trim()),
  };
}

function findPoolSection(sections: readonly HaproxySection[], name: string): HaproxySection {
  const section = sections.find(
    (s) => (s.kind === 'backend' || s.kind === 'listen') && s.name === name,
  );
  if (!section)
    throw new OpsdeckError(
      'NOT_FOUND',
      `The HAProxy config has no backend or listen section named "${name}".`,
      `Name the section that serves the writers (sections: ${sections
        .filter((s) => s.kind === 'backend' || s.kind === 'listen')
        .map((s) => s.name)
        .join(', ')}).`,
    );
  return section;
}

/** The options of the new server lines: those of an existing line, without backup/disabled. */
function serverOptions(section: HaproxySection, spec: WriterPoolSpec): string {
  const model =
    section.servers.find((s) => s.name === spec.active.name) ??
    section.servers.find((s) => s.name === spec.oldMaster?.name) ??
    section.servers[0];
  const kept = (model?.options ?? '')
    .split(/\s+/)
    .filter((w) => w && w !== 'backup' && w !== 'disabled');
  if (!model && section.checks.length) kept.push('check');
  return kept.join(' ');
}

export const endpoint = (s: PoolServer) =>
  `${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`;

/** Last line (1-based) that belongs to the section: up to the next section header. */
function sectionEnd(
  lines: readonly string[],
  section: HaproxySection,
  sections: readonly HaproxySection[],
): number {
  const next = sections.find((s) => s.line > section.line);
  let end = next ? next.line - 1 : lines.length;
  while (end > section.line && !tokens(lines[end - 1] ?? '').length) end--;
  return end;
}

function markerLineOf(
  lines: readonly string[],
  section: HaproxySection,
  sections: readonly HaproxySection[],
): number | undefined {
  const end = sectionEnd(lines, section, sections);
  for (let n = section.line + 1; n <= end; n++)
    if ((lines[n - 1] ?? '').trim().startsWith(MARKER)) return n;
  return undefined;
}

function indentOf(lines: readonly string[], section: HaproxySection): string | undefined {
  const first = section.servers[0]?.line ?? section.line + 1;
  return /^(\s+)/.exec(lines[first - 1] ?? '')?.[1];
}

const withoutMarker = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.trim().startsWith(MARKER))
    .join('\n');
