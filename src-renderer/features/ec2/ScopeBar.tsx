import { useShallow } from 'zustand/react/shallow';
import { useEffect, useState } from 'react';
import type { AwsAccount } from '../../../src-main/contract';
import { client } from '../../api';
import { notify, notifyError } from '../../app/toasts';
import { Menu } from '../../ui/Menu';
import { regionsOf, setScope, shownAccounts, shownRegion, useEc2 } from './ec2-store';
import { confirmAction, openEc2Dialog } from './dialogs-store';
import { openLaunch } from './instance-actions';

/** Accounts (several side by side), the region (one, or all merged), add account, launch. */
export function ScopeBar() {
  const accounts = useEc2((s) => s.accounts);
  const shown = useEc2(useShallow(shownAccounts));
  const region = useEc2(shownRegion);
  const regions = useEc2((s) => s.regions);
  const [menu, setMenu] = useState<{ x: number; y: number; account: AwsAccount } | null>(null);

  useEffect(() => {
    for (const a of shown) if (!regions[a.name]) void regionsOf(a.name).catch(() => undefined);
  }, [shown, regions]);

  const names = shown.map((a) => a.name);
  const choices = [...new Set(shown.flatMap((a) => regions[a.name] ?? [a.defaultRegion]))].sort();
  if (region !== 'all' && !choices.includes(region)) choices.unshift(region);

  const toggle = (a: AwsAccount, alone: boolean) => {
    if (alone) return setScope({ selected: [a.name] });
    const next = names.includes(a.name) ? names.filter((n) => n !== a.name) : [...names, a.name];
    setScope({ selected: next.length ? next : [a.name] });
  };

  return (
    <div className="scope-bar">
      <span className="chip-label">Accounts</span>
      <div className="account-chips" role="group" aria-label="Accounts shown">
        {accounts.map((a) => {
          const on = names.includes(a.name);
          return (
            <span key={a.id} className={`chip account-chip${on ? ' on' : ''}`}>
              <button
                type="button"
                className="chip-main"
                aria-pressed={on}
                data-testid={`account-${a.name}`}
                title={`${a.name}: ${a.auth}${a.profile ? ` (${a.profile})` : ''}${a.endpoint ? ` via ${a.endpoint}` : ''}. Click: show only this one; Ctrl+click: add or remove beside the others.`}
                onClick={(e) => toggle(a, !(e.ctrlKey || e.metaKey))}
              >
                {a.name}
                {a.endpoint ? <span className="chip-count">custom endpoint</span> : null}
              </button>
              <button
                type="button"
                className="chip-more"
                aria-label={`${a.name} account actions`}
                data-testid={`account-menu-${a.name}`}
                onClick={(e) => {
                  const r = e.currentTarget.getBoundingClientRect();
                  setMenu({ x: r.left, y: r.bottom + 2, account: a });
                }}
              >
                ▾
              </button>
            </span>
          );
        })}
        <button
          type="button"
          className="btn ghost small"
          onClick={() => openEc2Dialog({ kind: 'account' })}
          data-testid="add-account"
        >
          + Account
        </button>
      </div>
      <label className="inline-label">
        Region
        <select
          className="input mono"
          value={region}
          data-testid="ec2-region"
          onChange={(e) => setScope({ region: e.target.value })}
        >
          <option value="all">All regions (merged)</option>
          {choices.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <button
        type="button"
        className="btn primary"
        data-testid="ec2-launch"
        onClick={() => openLaunch({ account: names[0], ...(region !== 'all' ? { region } : {}) })}
      >
        Launch instance…
      </button>
      {menu ? (
        <Menu
          x={menu.x}
          y={menu.y}
          label={`${menu.account.name} account`}
          onClose={() => setMenu(null)}
          items={[
            {
              id: 'test',
              label: 'Test credentials',
              onSelect: () => void testAccount(menu.account),
            },
            { separator: true, id: 's' },
            {
              id: 'remove',
              label: 'Remove account…',
              danger: true,
              onSelect: () => removeAccount(menu.account),
            },
          ]}
        />
      ) : null}
    </div>
  );
}

async function testAccount(a: AwsAccount) {
  try {
    const r = await client.call('ec2.accounts.test', { account: a.name });
    if (r.ok) notify(`${a.name} works`, `${r.regions} regions, ${r.latencyMs} ms`);
    else notifyError(`${a.name} cannot reach EC2`, r.error);
  } catch (err) {
    notifyError(`${a.name} cannot reach EC2`, err);
  }
}

function removeAccount(a: AwsAccount) {
  confirmAction({
    title: `Remove account ${a.name}?`,
    verb: `Remove ${a.name}`,
    what: 'Opsdeck forgets this account (and its secret key in the vault). Nothing changes in AWS:',
    items: [
      {
        id: a.id,
        label: a.name,
        detail: `${a.auth}${a.profile ? ` · profile ${a.profile}` : ''}${a.accessKeyId ? ` · ${a.accessKeyId}` : ''}`,
      },
    ],
    where: 'Opsdeck',
    testId: 'confirm-remove-account',
    async run() {
      await client.call('ec2.accounts.remove', { account: a.name });
      return `Removed account ${a.name}`;
    },
  });
}
