import { useState } from 'react';
import { client } from '../../api';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { showImportResult, useHostDialog } from './dialogs-store';

/** What the last import did: added / updated / skipped (with reasons). Dismissible, not modal. */
export function ImportResultPanel() {
  const last = useHostDialog((s) => s.lastImport);
  if (!last) return null;
  const { added, updated, skipped, trustedHostKeys } = last.result;
  return (
    <div className="import-result" data-testid="import-result" role="status">
      <div className="import-summary">
        <strong>Imported {last.source}:</strong>
        <span className="tone-text-ok">{added.length} added</span>
        <span>{updated.length} updated</span>
        <span className={skipped.length ? 'tone-text-warn' : undefined}>
          {skipped.length} skipped
        </span>
        {trustedHostKeys > 0 ? (
          <span className="muted">{trustedHostKeys} host keys trusted</span>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn ghost icon"
          aria-label="Dismiss import result"
          onClick={() => showImportResult(null)}
        >
          ✕
        </button>
      </div>
      {added.length > 0 ? <NameLine label="Added" names={added} /> : null}
      {updated.length > 0 ? <NameLine label="Updated" names={updated} /> : null}
      {skipped.map((s) => (
        <div key={s.name} className="import-line">
          <span className="import-label tone-text-warn">Skipped</span>
          <span className="mono">{s.name}</span> <span className="muted">— {s.reason}</span>
        </div>
      ))}
    </div>
  );
}

function NameLine({ label, names }: { label: string; names: string[] }) {
  return (
    <div className="import-line" title={names.join(', ')}>
      <span className="import-label">{label}</span>
      <span className="mono">{names.join(', ')}</span>
    </div>
  );
}

/** Import the lab's inventory: optional path (empty = the server's default). */
export function ImportLabDialog({ onClose }: { onClose(): void }) {
  const [path, setPath] = useState('');

  const submit = async () => {
    const result = await client.call('hosts.importLab', path.trim() ? { path: path.trim() } : {});
    showImportResult({ source: 'lab inventory', result });
    onClose();
  };

  return (
    <FormDialog
      title="Import lab inventory"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Import"
      busyLabel="Importing…"
      testId="import-lab-dialog"
      submitTestId="import-lab-submit"
    >
      <Field
        label="Inventory file"
        htmlFor="lab-path"
        hint="Leave empty for the inventory the lab wrote in its default place."
      >
        <input
          id="lab-path"
          className="input mono"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="default"
          data-autofocus
          data-testid="import-lab-path"
        />
      </Field>
    </FormDialog>
  );
}
