import { create } from 'zustand';
import type { AnyRow, Ec2Kind, Row } from './model/kinds';
import type { ProvisionVolumeSpecInput } from '../../../src-main/contract';

/** What a confirmation names and what it runs (every EC2 action goes through one). */
export interface ConfirmSpec {
  title: string;
  /** The button: "Stop 3 instances". */
  verb: string;
  /** A sentence before the list: "These instances will be stopped:". */
  what: string;
  items: { id: string; label: string; detail?: string }[];
  /** Account/region(s) touched, e.g. "prod / us-east-1". */
  where: string;
  /** Destructive: the user types one of these (the id or the Name). */
  typed?: { accepted: string[]; prompt: string };
  danger?: boolean;
  note?: string;
  /** One checkbox (e.g. force stop). */
  option?: { label: string; hint?: string };
  /** Performs the action; resolves to the toast text. */
  run(o: { confirm: string; option: boolean }): Promise<string>;
  testId?: string;
}

export interface Scope {
  account: string;
  region: string;
}

export type Ec2Dialog =
  | { kind: 'confirm'; spec: ConfirmSpec }
  | { kind: 'account' }
  | { kind: 'tags'; resource: Ec2Kind; rows: AnyRow[] }
  | { kind: 'console'; row: Row<'instances'> }
  | { kind: 'key-create'; scope: Scope }
  | { kind: 'key-import'; scope: Scope }
  | { kind: 'rule'; group: Row<'securityGroups'> }
  | { kind: 'replace-cidr'; scope: Scope; allRegions: boolean; from?: string }
  | { kind: 'volume-create'; scope: Scope; zone?: string; snapshot?: Row<'snapshots'> }
  | { kind: 'volume-attach'; volume?: Row<'volumes'>; instance?: Row<'instances'> }
  | { kind: 'snapshot-create'; volume: Row<'volumes'> }
  | { kind: 'address-allocate'; scope: Scope }
  | { kind: 'address-associate'; address?: Row<'addresses'>; instance?: Row<'instances'> }
  | { kind: 'ssh'; instance: Row<'instances'> }
  | {
      kind: 'provision';
      scope: Scope;
      instanceId: string;
      name: string;
      volumes?: ProvisionVolume[];
    };

/** A volume row of the provisioning dialog (the contract's spec, size always given). */
export type ProvisionVolume = ProvisionVolumeSpecInput & { sizeGiB: number };

export const useEc2Dialog = create<{ dialog: Ec2Dialog | null }>(() => ({ dialog: null }));
export const openEc2Dialog = (dialog: Ec2Dialog) => useEc2Dialog.setState({ dialog });
export const closeEc2Dialog = () => useEc2Dialog.setState({ dialog: null });
export const confirmAction = (spec: ConfirmSpec) => openEc2Dialog({ kind: 'confirm', spec });
