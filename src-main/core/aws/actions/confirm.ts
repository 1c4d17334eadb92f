import { OpsdeckError } from '../../../contract';

export interface ConfirmationSpec {
  /** What the user typed. */
  confirm: string | undefined;
  /** Values that confirm (id, Name tag, public IP…); empty strings are ignored. */
  accepted: readonly string[];
  /** What will be destroyed, named exactly, e.g. "Terminate i-0abc (web-1) in prod/us-east-1". */
  action: string;
  /** How to confirm, e.g. "the instance id or its Name tag". */
  typeWhat: string;
}

/**
 * Destructive actions (terminate, delete, release) run only when `confirm` equals the resource's
 * id or name: a second door or a script cannot destroy by accident.
 */
export function requireConfirmation(spec: ConfirmationSpec): void {
  const accepted = spec.accepted.filter((a) => a.length > 0);
  const typed = spec.confirm?.trim();
  if (typed && accepted.includes(typed)) return;
  throw new OpsdeckError(
    'CONFIRMATION_REQUIRED',
    `${spec.action} cannot be undone: confirmation required${typed ? ` ("${typed}" does not match)` : ''}.`,
    `To go ahead, type ${spec.typeWhat} (${accepted.map((a) => `"${a}"`).join(' or ')}) as the confirmation.`,
  );
}
