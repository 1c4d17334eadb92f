import { TextField } from './wizard-fields';

/**
 * The replica is not empty: name what would be destroyed and have the user type every database
 * to confirm. Without it the workflow's preflight refuses the replica.
 */
export function OverwriteConfirm({
  replica,
  databases,
  seed,
  typed,
  error,
  confirmed,
  onType,
}: {
  replica: string;
  databases: string[];
  seed: 'dump' | 'hot-backup';
  typed: string;
  error?: string | undefined;
  confirmed: boolean;
  onType(value: string): void;
}) {
  return (
    <div
      className={`mysql-setup-callout ${confirmed ? 'tone-warn' : 'tone-crit'}`}
      data-testid="rs-overwrite-box"
    >
      <div>
        <strong>{replica} is not empty.</strong> It holds{' '}
        {databases.map((d, i) => (
          <span key={d}>
            {i ? ', ' : ''}
            <code className="mono">{d}</code>
          </span>
        ))}
        .{' '}
        {seed === 'hot-backup'
          ? `The hot backup replaces ${replica}'s whole data directory (the old content is moved aside, not deleted).`
          : `The dump drops and re-creates the databases it copies; the others stay beside the copy.`}
      </div>
      <TextField
        id="rs-overwrite"
        label="Overwrite"
        value={typed}
        placeholder={databases.join(', ')}
        error={error}
        hint={
          confirmed
            ? `Confirmed: ${databases.join(', ')} on ${replica} may be overwritten.`
            : 'Type every database listed above to confirm they may be overwritten.'
        }
        onChange={onType}
      />
    </div>
  );
}
