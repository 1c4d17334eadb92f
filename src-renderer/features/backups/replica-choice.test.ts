import { describe, expect, it } from 'vitest';
import { reportIfStillShown, shownReplica } from './replica-choice';

describe('the New replica dialog’s choice', () => {
  it('shows the first host once the hosts arrive, and keeps a pick while it is offered', () => {
    expect(shownReplica([], '')).toBe('');
    // the hosts load after the dialog opened: the first is shown (and its buttons enabled)
    expect(shownReplica([{ name: 'db2' }, { name: 'db3' }], '')).toBe('db2');
    expect(shownReplica([{ name: 'db2' }, { name: 'db3' }], 'db3')).toBe('db3');
    // a picked host that went away is not kept behind a select that shows another
    expect(shownReplica([{ name: 'db2' }], 'db3')).toBe('db2');
  });

  it('drops a check’s report when another replica was picked while it ran', async () => {
    let shown = 'db2';
    let finish = (_r: string) => {};
    const pending = reportIfStillShown(
      'db2',
      () => new Promise<string>((r) => (finish = r)),
      () => shown,
    );
    shown = 'db3';
    finish('report about db2');
    expect(await pending).toBeNull();
    expect(
      await reportIfStillShown(
        'db3',
        async () => 'report about db3',
        () => shown,
      ),
    ).toBe('report about db3');
  });
});
