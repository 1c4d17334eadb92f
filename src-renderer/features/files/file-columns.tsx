import type { FileEntry } from '../../../src-main/contract';
import { formatBytes, formatDateTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import type { Column } from '../../ui/VirtualTable';
import { isDirLike } from './file-rows';

function NameCell({ e }: { e: FileEntry }) {
  const icon = e.type === 'symlink' ? 'link' : isDirLike(e) ? 'folder' : 'file';
  return (
    <span
      className={`file-name${isDirLike(e) ? ' dir' : ''}${e.targetType === 'missing' ? ' broken' : ''}`}
    >
      <Icon name={icon} />
      <span className="ellipsis-text">{e.name}</span>
      {e.target !== undefined ? <span className="faint mono"> → {e.target}</span> : null}
    </span>
  );
}

/** Columns of the listing: name, size, modified, permissions, owner. */
export const FILE_COLUMNS: readonly Column<FileEntry>[] = [
  {
    id: 'name',
    label: 'Name',
    width: 'minmax(220px, 3fr)',
    sortable: true,
    render: (e) => <NameCell e={e} />,
    title: (e) => (e.target !== undefined ? `${e.name} → ${e.target}` : e.name),
  },
  {
    id: 'size',
    label: 'Size',
    width: '90px',
    sortable: true,
    align: 'right',
    className: 'mono',
    render: (e) => (e.type === 'dir' ? <span className="faint">—</span> : formatBytes(e.size)),
    title: (e) => `${e.size} bytes`,
  },
  {
    id: 'mtime',
    label: 'Modified',
    width: '164px',
    sortable: true,
    className: 'mono',
    render: (e) => formatDateTime(new Date(e.mtimeMs).toISOString()),
  },
  {
    id: 'permissions',
    label: 'Mode',
    width: '100px',
    className: 'mono',
    render: (e) => e.permissions,
    title: (e) => `0${e.mode.toString(8)}`,
  },
  {
    id: 'owner',
    label: 'Owner',
    width: 'minmax(110px, 1fr)',
    className: 'mono',
    render: (e) => `${e.owner ?? e.uid}:${e.group ?? e.gid}`,
    title: (e) => `uid ${e.uid}, gid ${e.gid}`,
  },
];

/** Beside the editor: name, size and date only (mode and owner are in the editor's header). */
export const COMPACT_COLUMNS = FILE_COLUMNS.filter((c) => ['name', 'size', 'mtime'].includes(c.id));
