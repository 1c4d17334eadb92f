import type { LeftFile } from '../../contract';

/** What a run reports leaving on hosts (config backups, moved-aside data), after its result line. */
export function leftFilesText(files: readonly LeftFile[] | undefined): string {
  if (!files?.length) return '';
  const lines = files.map((f) => `  ${f.host}:${f.path}${f.what ? ` — ${f.what}` : ''}`);
  return `\nleft on the hosts (remove when no longer needed):\n${lines.join('\n')}`;
}
