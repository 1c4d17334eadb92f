import { describe, expect, it } from 'vitest';
import { SaveBackParams, saveSudoFor } from './diff';

describe('the sudo a save of a diff side sends', () => {
  it('a side read through sudo is saved through sudo', () => {
    expect(saveSudoFor('sudo')).toBe(true);
  });

  it('a side read over SFTP leaves it to the host (never false: that would forbid the fallback)', () => {
    expect(saveSudoFor('sftp')).toBeUndefined();
    const p = SaveBackParams.parse({
      hostId: 'db1',
      path: '/etc/mysql/mariadb.conf.d/50-server.cnf',
      content: '',
      expectedEtag: null,
      sudo: saveSudoFor('sftp'),
    });
    expect(p.sudo).toBeUndefined();
  });
});
