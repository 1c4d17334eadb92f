/** A launch's warnings (the core's preview: no key pair, SSH open to the world…), one a line. */
export function LaunchWarnings({
  warnings,
  testId,
}: {
  warnings: readonly string[];
  testId: string;
}) {
  if (!warnings.length) return null;
  return (
    <ul className="warnings" data-testid={testId}>
      {warnings.map((x) => (
        <li key={x}>
          <span className="dot tone-warn" aria-hidden="true" /> {x}
        </li>
      ))}
    </ul>
  );
}
