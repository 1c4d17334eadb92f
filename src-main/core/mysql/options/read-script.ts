import { shellQuote } from '../../common/shell';
import type { ReadBatch } from './option-tree';

/**
 * One remote command that reads a batch of option files and folders (for readOptionTree): each
 * file's content between markers with its real path, each folder's *.cnf files, and which paths
 * are missing or unreadable. Pure: the script and the parser of its output.
 */

const EMIT = [
  'emit() {',
  '  if [ ! -e "$1" ]; then printf "@@opsdeck-missing@@\\t%s\\n" "$1";',
  '  elif [ ! -r "$1" ]; then printf "@@opsdeck-unreadable@@\\t%s\\n" "$1";',
  '  else printf "@@opsdeck-file@@\\t%s\\t%s\\n" "$1" "$(readlink -f -- "$1")"; cat -- "$1"; printf "\\n@@opsdeck-end@@\\n"; fi',
  '}',
].join('\n');

export function readOptionFilesScript(paths: readonly string[]): string {
  return [
    EMIT,
    `for p in ${paths.map(shellQuote).join(' ')}; do`,
    '  if [ -d "$p" ]; then',
    '    printf "@@opsdeck-dir@@\\t%s\\n" "$p"',
    '    for f in "$p"/*.cnf; do [ -e "$f" ] && emit "$f"; done',
    '    printf "@@opsdeck-dirend@@\\n"',
    '  else emit "$p"; fi',
    'done',
  ].join('\n');
}

export function parseOptionFilesOutput(output: string): ReadBatch {
  const batch: ReadBatch = { files: [], dirs: [], missing: [], unreadable: [] };
  let dir: { path: string; files: string[] } | undefined;
  let file: { path: string; realPath: string; lines: string[] } | undefined;
  for (const line of output.split('\n')) {
    if (file) {
      if (line === '@@opsdeck-end@@') {
        // The script adds one newline after the content: the last line before the marker ends there.
        batch.files.push({
          path: file.path,
          realPath: file.realPath,
          content: file.lines.join('\n'),
        });
        file = undefined;
      } else file.lines.push(line);
      continue;
    }
    const [marker, a = '', b = ''] = line.split('\t');
    if (marker === '@@opsdeck-file@@') {
      file = { path: a, realPath: b || a, lines: [] };
      dir?.files.push(a);
    } else if (marker === '@@opsdeck-missing@@') batch.missing.push(a);
    else if (marker === '@@opsdeck-unreadable@@') {
      batch.unreadable.push(a);
      dir?.files.push(a);
    } else if (marker === '@@opsdeck-dir@@') dir = { path: a, files: [] };
    else if (marker === '@@opsdeck-dirend@@' && dir) {
      batch.dirs.push(dir);
      dir = undefined;
    }
  }
  return batch;
}
