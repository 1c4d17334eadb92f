/** The launch wizard's state and what it turns into, pure (tested beside). */
import { EBS_DATA_DEVICE, type Ec2Image, type Ec2LaunchInput } from '../../../../src-main/contract';
import { nextDevice } from '../model/devices';

export const STEPS = [
  { id: 'ami', label: 'AMI' },
  { id: 'instance', label: 'Instance' },
  { id: 'access', label: 'Key & groups' },
  { id: 'userdata', label: 'User data' },
  { id: 'storage', label: 'Volumes & tags' },
  { id: 'review', label: 'Review' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];

export const INSTANCE_TYPES = [
  't3.micro',
  't3.small',
  't3.medium',
  't3.large',
  't4g.small',
  't4g.medium',
  'm7i.large',
  'm7i.xlarge',
  'm7g.large',
  'c7i.large',
  'c7g.large',
  'r7i.large',
  'r7i.xlarge',
  'r7g.large',
] as const;

export interface WizardVolume {
  device: string;
  sizeGiB: string;
  volumeType: 'gp3' | 'gp2' | 'io2' | 'st1' | 'sc1';
  deleteOnTermination: boolean;
}

export interface WizardState {
  account: string;
  region: string;
  step: StepId;
  image: Pick<
    Ec2Image,
    'imageId' | 'name' | 'description' | 'architecture' | 'ownerId' | 'ownerAlias'
  > | null;
  amiQuery: { owners: string[]; name: string; architecture: '' | 'x86_64' | 'arm64' };
  name: string;
  instanceType: string;
  /** '' lets EC2 choose. */
  zone: string;
  count: string;
  key: {
    mode: 'new' | 'existing' | 'none';
    existing: string;
    /** '' follows the instance Name (mysite-db01 → key pair mysite-db01). */
    newName: string;
    keyType: 'ed25519' | 'rsa';
  };
  groupIds: string[];
  userData: {
    templateId: string;
    values: Record<string, string>;
    /** An edited body; null uses the template's. */
    body: string | null;
    rendered: string;
    errors: Record<string, string>;
  };
  /** Extra volumes: at launch, or afterwards through the provision-volumes workflow. */
  volumes: WizardVolume[];
  volumesWhen: 'launch' | 'workflow';
  tags: { key: string; value: string }[];
}

/** What each step of the wizard gets: its launch id, the state, and how to change it. */
export interface StepProps {
  id: string;
  w: WizardState;
  up(fn: (s: WizardState) => Partial<WizardState>): void;
}

export function initialWizard(p: {
  account: string;
  region: string;
  imageId?: string | undefined;
}): WizardState {
  return {
    account: p.account,
    region: p.region,
    step: p.imageId ? 'instance' : 'ami',
    image: p.imageId
      ? {
          imageId: p.imageId,
          name: '',
          description: '',
          architecture: '',
          ownerId: '',
          ownerAlias: '',
        }
      : null,
    amiQuery: { owners: ['self', 'amazon'], name: '', architecture: '' },
    name: '',
    instanceType: 't3.micro',
    zone: '',
    count: '1',
    key: { mode: 'new', existing: '', newName: '', keyType: 'ed25519' },
    groupIds: [],
    userData: { templateId: 'hostname', values: {}, body: null, rendered: '', errors: {} },
    volumes: [],
    volumesWhen: 'launch',
    tags: [{ key: '', value: '' }],
  };
}

/** The key pair a launch creates: named after the instance unless renamed. */
export const newKeyName = (s: WizardState) => s.key.newName.trim() || s.name.trim();

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._@+=,-]*$/;
const TYPE = /^[a-z0-9-]+\.[a-z0-9-]+$/;

/** What stops a step from going on, by field. */
export function stepErrors(s: WizardState, step: StepId): Record<string, string> {
  const e: Record<string, string> = {};
  switch (step) {
    case 'ami':
      if (!s.account) e.account = 'Pick an account';
      if (!s.region || s.region === 'all') e.region = 'Pick one region';
      if (!s.image) e.image = 'Pick an AMI';
      break;
    case 'instance': {
      if (!s.name.trim()) e.name = 'Give the instance a Name';
      else if (!NAME.test(s.name.trim())) e.name = 'Letters, digits, dot, dash or underscore';
      if (!TYPE.test(s.instanceType.trim()))
        e.instanceType = 'An instance type looks like t3.micro';
      const n = Number(s.count);
      if (!Number.isInteger(n) || n < 1 || n > 20) e.count = '1 to 20';
      break;
    }
    case 'access':
      if (s.key.mode === 'new' && !KEY.test(newKeyName(s))) e.key = 'The new key pair needs a name';
      if (s.key.mode === 'existing' && !s.key.existing) e.key = 'Pick a key pair';
      if (s.groupIds.length > 5) e.groups = 'At most 5 security groups';
      break;
    case 'userdata':
      if (s.userData.templateId && Object.keys(s.userData.errors).length)
        e.userData = Object.values(s.userData.errors)[0]!;
      if (new TextEncoder().encode(s.userData.rendered).length > 16384)
        e.userData = 'User data is limited to 16 KiB';
      break;
    case 'storage': {
      const seen = new Set<string>();
      s.volumes.forEach((v, i) => {
        if (!EBS_DATA_DEVICE.test(v.device)) e[`volume${i}`] = 'Use /dev/sdf to /dev/sdp';
        else if (seen.has(v.device)) e[`volume${i}`] = `${v.device} is used twice`;
        seen.add(v.device);
        const n = Number(v.sizeGiB);
        if (!Number.isInteger(n) || n < 1 || n > 16384) e[`volume${i}`] ??= 'Size: 1–16384 GiB';
      });
      s.tags.forEach((t, i) => {
        if (t.key.trim() === 'Name') e[`tag${i}`] = 'The Name is set on the Instance step';
        if (!t.key.trim() && t.value.trim()) e[`tag${i}`] = 'A tag needs a key';
      });
      break;
    }
    case 'review':
      break;
  }
  return e;
}

/** Every step before `step` must be complete to show it. */
export function firstIncomplete(s: WizardState): StepId | null {
  for (const st of STEPS) if (Object.keys(stepErrors(s, st.id)).length) return st.id;
  return null;
}

export function addVolume(s: WizardState): WizardVolume[] {
  return [
    ...s.volumes,
    {
      device: nextDevice(s.volumes.map((v) => v.device)),
      sizeGiB: '20',
      volumeType: 'gp3',
      deleteOnTermination: true,
    },
  ];
}

/** The contract's launch input (the core validates again). */
export function toLaunchParams(s: WizardState): Ec2LaunchInput {
  const tags = Object.fromEntries(
    s.tags
      .filter((t) => t.key.trim() && t.key.trim() !== 'Name')
      .map((t) => [t.key.trim(), t.value]),
  );
  return {
    account: s.account,
    region: s.region,
    name: s.name.trim(),
    imageId: s.image?.imageId ?? '',
    instanceType: s.instanceType.trim(),
    ...(s.zone ? { zone: s.zone } : {}),
    ...(s.key.mode === 'existing' && s.key.existing ? { keyName: s.key.existing } : {}),
    ...(s.key.mode === 'new'
      ? { createKeyPair: { keyName: newKeyName(s), keyType: s.key.keyType } }
      : {}),
    securityGroupIds: s.groupIds,
    userData: s.userData.templateId || s.userData.body !== null ? s.userData.rendered : '',
    tags,
    volumes:
      s.volumesWhen === 'launch'
        ? s.volumes.map((v) => ({
            device: v.device,
            sizeGiB: Number(v.sizeGiB),
            volumeType: v.volumeType,
            deleteOnTermination: v.deleteOnTermination,
          }))
        : [],
    count: Number(s.count) || 1,
  };
}
