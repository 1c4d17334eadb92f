import { describe, expect, it } from 'vitest';
import { leftFilesText } from './left-files-text';

describe('leftFilesText (what a run left on the hosts, after its result line)', () => {
  it('lists each reported file with its host and why it is there', () => {
    expect(
      leftFilesText([
        { host: 'db3', path: '/etc/mysql/my.cnf.opsdeck-1.bak', what: 'config backup' },
        { host: 'db3', path: '/var/lib/mysql.opsdeck-before-1', what: '' },
      ]),
    ).toBe(
      '\nleft on the hosts (remove when no longer needed):\n' +
        '  db3:/etc/mysql/my.cnf.opsdeck-1.bak — config backup\n' +
        '  db3:/var/lib/mysql.opsdeck-before-1',
    );
  });

  it('says nothing when the run left nothing', () => {
    expect(leftFilesText([])).toBe('');
    expect(leftFilesText(undefined)).toBe('');
  });
});
