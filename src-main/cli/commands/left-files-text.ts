/** Files a run reports leaving on hosts (`output.leftFiles`: config backups, moved-aside data). */
export function leftFilesText(output: Record<string, unknown> | undefined): string {
  const files = output?.leftFiles;
  if (!Array.isArray(files) || files.length === 0) return '';
  const lines = files.map(
    (f: { host?: string; path?: string; what?: string }) =>
      `  ${f.host ?? '?'}:${f.path ?? '?'}${f.what ? ` — ${f.what}` : ''}`,
  );
  return `\nleft on the hosts (remove when no longer needed):\n${lines.join('\n')}`;
}
