/** What can be done to instances, from the table, the details panel and the palette. */
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notifyError } from '../../app/toasts';
import { confirmAction, openEc2Dialog } from './dialogs-store';
import type { Row } from './model/kinds';
import { byScope, count, whereText } from './scope-util';
import { newLaunch } from './launch/launch-store';

type Instance = Row<'instances'>;

const item = (i: Instance) => ({
  id: i.instanceId,
  label: i.name ? `${i.instanceId} (${i.name})` : i.instanceId,
  detail: `${i.state} · ${i.instanceType} · ${i.availabilityZone}${i.publicIp ? ` · ${i.publicIp}` : ''}`,
});

const summary = (results: { detail: string }[][]) => {
  const flat = results.flat();
  return flat.length === 1 ? flat[0]!.detail : `${flat.length} instances`;
};

function stateAction(
  verb: 'start' | 'stop' | 'reboot',
  rows: Instance[],
  text: { title: string; what: string; note?: string; option?: { label: string; hint?: string } },
) {
  const n = rows.length;
  const label = n === 1 ? item(rows[0]!).label : count(n, 'instance', 'instances');
  const cap = verb[0]!.toUpperCase() + verb.slice(1);
  confirmAction({
    title: `${cap} ${label}?`,
    verb: `${cap} ${label}`,
    what: text.what,
    items: rows.map(item),
    where: whereText(rows),
    ...(text.note ? { note: text.note } : {}),
    ...(text.option ? { option: text.option } : {}),
    testId: `confirm-${verb}`,
    async run({ option }) {
      const out = [];
      for (const g of byScope(rows)) {
        const scope = {
          account: g.account,
          region: g.region,
          instanceIds: g.rows.map((r) => r.instanceId),
        };
        const r =
          verb === 'stop'
            ? await client.call('ec2.instances.stop', { ...scope, force: option })
            : await client.call(`ec2.instances.${verb}`, scope);
        out.push(r.results);
      }
      return `${cap}: ${summary(out)}`;
    },
  });
}

export const startInstances = (rows: Instance[]) =>
  stateAction('start', rows, { title: 'Start', what: 'These stopped instances will be started:' });
export const stopInstances = (rows: Instance[]) =>
  stateAction('stop', rows, {
    title: 'Stop',
    what: 'These instances will be stopped (instance-store data is lost; EBS volumes stay):',
    note: 'A stopped instance gets a new public IP when started again, unless it has an elastic IP.',
    option: { label: 'Force (no clean shutdown)', hint: 'Only if a normal stop hangs.' },
  });
export const rebootInstances = (rows: Instance[]) =>
  stateAction('reboot', rows, { title: 'Reboot', what: 'These instances will be rebooted:' });

/** Terminate: one account and region at a time; type the id or Name (several: their count). */
export function terminateInstances(rows: Instance[]): void {
  const groups = byScope(rows);
  if (groups.length > 1) {
    notifyError('Terminate one region at a time', {
      code: 'INVALID_PARAMS',
      message: `The selection spans ${whereText(rows)}.`,
      hint: 'Filter the table to one account and region, then select the instances to terminate.',
    });
    return;
  }
  const n = rows.length;
  const only = n === 1 ? rows[0]! : undefined;
  const g = groups[0]!;
  confirmAction({
    title: only ? `Terminate ${item(only).label}?` : `Terminate ${n} instances?`,
    verb: only ? `Terminate ${only.name || only.instanceId}` : `Terminate ${n} instances`,
    what: `These instances will be terminated. Their root volumes (and volumes marked delete-on-termination) are deleted; this cannot be undone:`,
    items: rows.map(item),
    where: whereText(rows),
    danger: true,
    typed: only
      ? {
          accepted: [only.instanceId, only.name].filter(Boolean),
          prompt: only.name
            ? `Type the instance id or its Name (${only.name}) to confirm`
            : `Type the instance id (${only.instanceId}) to confirm`,
        }
      : { accepted: [String(n)], prompt: `Type the number of instances (${n}) to confirm` },
    testId: 'confirm-terminate',
    async run({ confirm }) {
      const r = await client.call('ec2.instances.terminate', {
        account: g.account,
        region: g.region,
        instanceIds: rows.map((x) => x.instanceId),
        confirm,
      });
      return `Terminating: ${summary([r.results])}`;
    },
  });
}

export const showConsole = (row: Instance) => openEc2Dialog({ kind: 'console', row });
export const sshTo = (row: Instance) => openEc2Dialog({ kind: 'ssh', instance: row });
export const associateAddressTo = (row: Instance) =>
  openEc2Dialog({ kind: 'address-associate', instance: row });
export const attachVolumeTo = (row: Instance) =>
  openEc2Dialog({ kind: 'volume-attach', instance: row });
export const createVolumeBeside = (row: Instance) =>
  openEc2Dialog({
    kind: 'volume-create',
    scope: { account: row.account, region: row.region },
    zone: row.availabilityZone,
  });

export function provisionVolumes(row: Instance): void {
  openEc2Dialog({
    kind: 'provision',
    scope: { account: row.account, region: row.region },
    instanceId: row.instanceId,
    name: row.name || row.instanceId,
  });
}

export function openLaunch(
  preset: { account?: string; region?: string; imageId?: string } = {},
): void {
  const id = newLaunch(preset);
  nav().open({ kind: 'ec2-launch', launchId: id, title: 'Launch instance' });
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    notifyError('Could not copy to the clipboard', err);
  }
}
