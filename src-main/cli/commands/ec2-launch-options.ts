import { OpsdeckError } from '../../contract/errors';
import type { Ec2LaunchVolume } from '../../contract/index';

/** What `opsdeck ec2 launch` accepts (commander's camel-cased options). */
export interface LaunchOptions {
  account?: string;
  region?: string;
  name: string;
  image?: string;
  imageFilter?: string;
  imageOwner: string[];
  arch?: 'x86_64' | 'arm64';
  type: string;
  az?: string;
  keyPair?: string;
  keyType: 'ed25519' | 'rsa';
  securityGroup: string[];
  userDataTemplate?: string;
  userDataFile?: string;
  var: string[];
  tag: string[];
  volume: string[];
  count: string;
  dryRun?: boolean;
  wait?: boolean;
  waitTimeout: string;
  sshPort: string;
  addToInventory?: boolean;
  yes?: boolean;
}

/** commander helper for repeatable options: `--tag a=b --tag c=d`. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

const usage = (message: string, hint: string) => new OpsdeckError('INVALID_PARAMS', message, hint);

/** `k=v` pairs (repeatable --tag / --var) into a record; the value may contain `=`. */
export function parsePairs(option: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at < 1)
      throw usage(`${option} ${item}: expected key=value.`, `Write it as ${option} Env=prod.`);
    out[item.slice(0, at).trim()] = item.slice(at + 1);
  }
  return out;
}

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;

/** `device:size[:type]` (e.g. `sdf:100:gp3`, `/dev/sdg:500:st1`) → an extra EBS volume. */
export function parseVolume(text: string): Ec2LaunchVolume {
  const [device = '', size = '', type = 'gp3', ...rest] = text.split(':');
  const sizeGiB = Number(size);
  const hint = 'Write it as --volume /dev/sdf:100:gp3 (device, size in GiB, type).';
  if (rest.length || !device || !Number.isInteger(sizeGiB) || sizeGiB < 1)
    throw usage(`--volume ${text}: expected device:size[:type].`, hint);
  if (!(VOLUME_TYPES as readonly string[]).includes(type))
    throw usage(
      `--volume ${text}: unknown volume type ${type}.`,
      `Use one of ${VOLUME_TYPES.join(', ')}.`,
    );
  return {
    device: device.startsWith('/dev/') ? device : `/dev/${device}`,
    sizeGiB,
    volumeType: type as (typeof VOLUME_TYPES)[number],
  };
}

/** A whole number option within bounds (commander hands strings over). */
export function parseCount(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw usage(
      `${option} ${text}: expected a whole number from ${min} to ${max}.`,
      `Pass ${option} ${min}.`,
    );
  return n;
}

/** The exclusive and dependent options, checked before anything is sent. */
export function checkCombinations(o: LaunchOptions): void {
  if (Boolean(o.image) === Boolean(o.imageFilter))
    throw usage(
      o.image
        ? '--image and --image-filter exclude each other.'
        : 'Which AMI? Neither --image nor --image-filter was given.',
      'Pass --image ami-… or --image-filter <name pattern> (the newest available match is used).',
    );
  if (o.var.length && !o.userDataTemplate)
    throw usage(
      '--var needs --user-data-template.',
      'Variables fill a template: pass --user-data-template <id> too.',
    );
}
