import { expect } from 'vitest';
import { OpsdeckError } from '../../src-main/contract';

/** The OpsdeckError a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<OpsdeckError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(OpsdeckError);
    return err as OpsdeckError;
  }
  throw new Error('expected a failure');
}
