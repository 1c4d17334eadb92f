/** The `⋯` button at the end of a table row: opens the row's menu under itself. */
export function RowMenuButton({
  label,
  testId,
  onOpen,
}: {
  label: string;
  testId: string;
  /** Where the menu goes: right-aligned under the button. */
  onOpen(x: number, y: number): void;
}) {
  return (
    <button
      type="button"
      className="btn ghost icon row-menu"
      aria-label={label}
      data-testid={testId}
      tabIndex={-1}
      onClick={(e) => {
        e.stopPropagation();
        const b = e.currentTarget.getBoundingClientRect();
        onOpen(b.right - 220, b.bottom + 2);
      }}
    >
      ⋯
    </button>
  );
}
