import { describe, expect, it } from 'vitest';
import { checkForm, emptyForm, overwriteConfirmation, setupParams } from './setup-model';

describe('replication wizard model', () => {
  it('confirms overwriting only when every listed database is typed, in any order', () => {
    expect(overwriteConfirmation('', [])).toEqual({ confirmed: true });
    expect(overwriteConfirmation('', ['app', 'crm'])).toEqual({ confirmed: false });
    expect(overwriteConfirmation('app', ['app', 'crm'])).toEqual({
      confirmed: false,
      error: 'Also type: crm',
    });
    expect(overwriteConfirmation('crm app billing', ['app', 'crm'])).toEqual({
      confirmed: false,
      error: 'Not on the replica: billing',
    });
    expect(overwriteConfirmation(' crm,  app ', ['app', 'crm'])).toEqual({ confirmed: true });
  });

  it('sends fixServerId only when the ids clash and the user ticked it', () => {
    const form = { ...emptyForm, master: 'peer1', replica: 'peer2', fixServerId: true };
    expect(setupParams(form, [], false, true).fixServerId).toBe(true);
    expect(setupParams(form, [], false, false).fixServerId).toBe(false);
    expect(setupParams({ ...form, fixServerId: false }, [], false, true).fixServerId).toBe(false);
  });

  it('sends fixBindAddress only when the check offered it and the user ticked it', () => {
    const form = { ...emptyForm, master: 'peer1', replica: 'peer2', fixBindAddress: true };
    expect(setupParams(form, [], false, false, true).fixBindAddress).toBe(true);
    expect(setupParams(form, [], false, false, false).fixBindAddress).toBe(false);
    expect(
      setupParams({ ...form, fixBindAddress: false }, [], false, false, true).fixBindAddress,
    ).toBe(false);
  });

  it('sends overwrite and enableBinlog only when confirmed and needed', () => {
    const form = {
      ...emptyForm,
      master: 'db1',
      replica: 'db3',
      seed: 'hot-backup' as const,
      databases: 'ignored_for_hot_backup',
      ignore: 'app.tmp% , app.cache_%',
      enableBinlog: true,
      overwriteTyped: 'app',
    };
    expect(setupParams(form, ['app', 'crm'], false)).toEqual({
      master: 'db1',
      replica: 'db3',
      seed: 'hot-backup',
      overwrite: [],
      ignoreTables: ['app.tmp%', 'app.cache_%'],
      logReplicaUpdates: false,
      enableBinlog: false,
      fixServerId: false,
      fixBindAddress: false,
    });
    const confirmed = setupParams(
      { ...form, seed: 'dump', overwriteTyped: 'crm app' },
      ['app', 'crm'],
      true,
    );
    expect(confirmed).toMatchObject({
      seed: 'dump',
      databases: ['ignored_for_hot_backup'],
      overwrite: ['app', 'crm'],
      enableBinlog: true,
    });
  });

  it('flags the same host twice and ignore patterns that are not db.table', () => {
    expect(checkForm({ ...emptyForm, master: 'db1', replica: 'db1' }, [])).toMatchObject({
      valid: false,
      sameHost: true,
    });
    expect(
      checkForm({ ...emptyForm, master: 'db1', replica: 'db2', ignore: 'app.tmp% nodot' }, []),
    ).toMatchObject({ valid: false, badPattern: 'nodot' });
    expect(checkForm({ ...emptyForm, master: 'db1', replica: 'db2' }, [])).toMatchObject({
      valid: true,
    });
  });
});
