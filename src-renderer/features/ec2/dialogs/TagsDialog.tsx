import { useState } from 'react';
import { client } from '../../../api';
import type { AnyRow, Ec2Kind } from '../model/kinds';
import { labelOf, resourceId } from '../model/kinds';
import { byScope, count, whereText } from '../scope-util';
import { ActionDialog } from './ActionDialog';

interface Pair {
  key: string;
  value: string;
  /** The resources have different values for this key (left alone unless typed over). */
  mixed?: boolean;
}

/** Tags shared by every selected resource (a differing value shows as mixed, untouched). */
function commonTags(rows: AnyRow[]): Pair[] {
  const all = rows.map((r) => (r as unknown as { tags: Record<string, string> }).tags ?? {});
  const keys = [...new Set(all.flatMap((t) => Object.keys(t)))].sort();
  return keys
    .filter((k) => all.every((t) => k in t))
    .map((k) => {
      const same = all.every((t) => t[k] === all[0]![k]);
      return { key: k, value: same ? (all[0]![k] ?? '') : '', ...(same ? {} : { mixed: true }) };
    });
}

/** Edit tags: set, change and remove; one call per account/region. */
export function TagsDialog({
  resource,
  rows,
  onClose,
}: {
  resource: Ec2Kind;
  rows: AnyRow[];
  onClose(): void;
}) {
  const initial = commonTags(rows);
  const [pairs, setPairs] = useState<Pair[]>(() => [...initial, { key: '', value: '' }]);
  const set = (i: number, p: Partial<Pair>) =>
    setPairs((list) => {
      const next = list.map((x, j) => (j === i ? { ...x, ...p } : x));
      return next[next.length - 1]!.key ? [...next, { key: '', value: '' }] : next;
    });
  const kept = pairs.filter((p) => p.key.trim());
  const setMap = Object.fromEntries(
    kept
      .filter((p) => {
        const before = initial.find((i) => i.key === p.key);
        return !before || (before.mixed ? p.value !== '' : before.value !== p.value);
      })
      .map((p) => [p.key.trim(), p.value]),
  );
  const remove = initial.map((i) => i.key).filter((k) => !kept.some((p) => p.key.trim() === k));
  const changes = Object.keys(setMap).length + remove.length;
  const label =
    rows.length === 1 ? labelOf(resource, rows[0]!) : count(rows.length, 'resource', 'resources');

  return (
    <ActionDialog
      title={`Tags of ${label}`}
      testId="tags-form"
      submitLabel={changes ? `Apply ${count(changes, 'change', 'changes')}` : 'No changes'}
      canSubmit={changes > 0}
      size="lg"
      onClose={onClose}
      summary={
        changes ? (
          <>
            {Object.entries(setMap).map(([k, v]) => (
              <div key={k} className="mono">
                set {k}={v}
              </div>
            ))}
            {remove.map((k) => (
              <div key={k} className="mono tone-text-warn">
                remove {k}
              </div>
            ))}
            <div className="faint">
              on {label} in {whereText(rows)}
            </div>
          </>
        ) : null
      }
      onSubmit={async () => {
        for (const g of byScope(rows)) {
          await client.call('ec2.tags.update', {
            account: g.account,
            region: g.region,
            resourceIds: g.rows.map((r) => resourceId(resource, r)),
            set: setMap,
            remove,
          });
        }
        return `Tags updated on ${label}`;
      }}
    >
      <table className="grid-table tag-editor">
        <thead>
          <tr>
            <th>Key</th>
            <th>Value</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((p, i) => (
            <tr key={i}>
              <td>
                <input
                  className="input mono"
                  value={p.key}
                  placeholder={i === pairs.length - 1 ? 'New key' : ''}
                  aria-label="Tag key"
                  data-testid={`tag-key-${i}`}
                  onChange={(e) => set(i, { key: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="input mono"
                  value={p.value}
                  placeholder={p.mixed ? '(differs: unchanged)' : ''}
                  aria-label="Tag value"
                  data-testid={`tag-value-${i}`}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              </td>
              <td>
                {p.key ? (
                  <button
                    type="button"
                    className="btn ghost small"
                    aria-label={`Remove ${p.key}`}
                    onClick={() => setPairs((l) => l.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 1 ? (
        <p className="faint">
          Only tags all {rows.length} resources share are listed; new ones are added to all.
        </p>
      ) : null}
    </ActionDialog>
  );
}
