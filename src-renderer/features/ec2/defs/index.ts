import type { Ec2Kind } from '../model/kinds';
import { addressesDef } from './addresses';
import { imagesDef } from './images';
import { instancesDef } from './instances';
import { keyPairsDef } from './key-pairs';
import { securityGroupsDef } from './security-groups';
import { snapshotsDef } from './snapshots';
import type { AnyDef, ResourceDef } from './types';
import { volumesDef } from './volumes';
import { zonesDef } from './zones';

const DEFS: { [K in Ec2Kind]: ResourceDef<K> } = {
  instances: instancesDef,
  images: imagesDef,
  keyPairs: keyPairsDef,
  securityGroups: securityGroupsDef,
  volumes: volumesDef,
  snapshots: snapshotsDef,
  addresses: addressesDef,
  zones: zonesDef,
};

export const defOf = (kind: Ec2Kind): AnyDef => DEFS[kind] as unknown as AnyDef;
