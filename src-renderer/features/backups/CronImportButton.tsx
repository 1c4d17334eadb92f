import { useState } from 'react';
import type { CronImportResult } from '../../../src-main/contract';
import { client } from '../../api';
import { Button } from '../../ui/Button';
import { ErrorNote } from '../../ui/ErrorNote';
import { useAction } from '../../ui/use-action';

/** What an import found, in one line. */
export function importSummary(r: CronImportResult): string {
  const parts = [
    `${r.imported.length} imported`,
    ...(r.removed.length ? [`${r.removed.length} gone from the host (forgotten)`] : []),
    ...(r.skipped.length
      ? [
          `${r.skipped.length} unreadable: ${r.skipped.map((s) => `${s.file} (${s.message})`).join('; ')}`,
        ]
      : []),
    ...r.missingFolders.map(
      (f) =>
        `${f.folder} missing on ${f.host} (disk not mounted? host renamed?): nothing forgotten`,
    ),
  ];
  return parts.join(' · ');
}

/**
 * Backups cron made on the hosts, brought into the catalog now (Opsdeck also refreshes installed
 * cron schedules every 10 minutes while it runs).
 */
export function CronImportButton() {
  const [result, setResult] = useState<CronImportResult | null>(null);
  const action = useAction(async () => {
    setResult(await client.call('backups.importCron', {}));
  });
  return (
    <>
      <Button
        className="small"
        busy={action.busy}
        busyLabel="Importing…"
        testId="schedule-import-cron"
        title="Read the manifests cron schedules left beside their backups and add those backups to the catalog"
        onClick={() => void action.run()}
      >
        Import cron backups
      </Button>
      {result ? (
        <span className="muted" data-testid="schedule-import-result">
          {importSummary(result)}
        </span>
      ) : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
    </>
  );
}
