import { readFile } from 'node:fs/promises';
import { OpsdeckError } from '../../contract/errors';
import type { Ec2LaunchInput, Ec2LaunchPreview, Ec2SecurityGroup } from '../../contract/index';
import type { CliContext } from '../cli-context';
import { accountOf } from './ec2-account';
import { parseCount, parsePairs, parseVolume, type LaunchOptions } from './ec2-launch-options';

/** A launch as the wizard's review page would show it, resolved through the contract. */
export interface LaunchPlan {
  params: Ec2LaunchInput & { region: string; count: number };
  image: { imageId: string; name: string; creationDate: string };
  keyPair: { keyName: string; created: boolean };
  groups: { id: string; name: string }[];
  /** Where the user data comes from, for the plan ("template hostname", "file boot.sh"…). */
  userDataSource: string;
}

const notFound = (message: string, hint: string) => new OpsdeckError('NOT_FOUND', message, hint);

async function regionOf(ctx: CliContext, account: string, explicit?: string): Promise<string> {
  if (explicit) return explicit;
  const found = (await ctx.call('ec2.accounts.list', {})).find(
    (a) => a.name === account || a.id === account,
  );
  if (!found)
    throw notFound(`No AWS account ${account}.`, 'List them with `opsdeck ec2 accounts list`.');
  return found.defaultRegion;
}

/** --image as given, or the newest available AMI matching --image-filter (as the wizard sorts). */
async function imageOf(ctx: CliContext, account: string, region: string, o: LaunchOptions) {
  if (o.image) return { imageId: o.image, name: '', creationDate: '' };
  const owners = o.imageOwner.length ? o.imageOwner : ['self', 'amazon'];
  const { rows } = await ctx.call('ec2.images', {
    account,
    region,
    owners,
    name: o.imageFilter ?? '',
    ...(o.arch ? { architecture: o.arch } : {}),
    available: true,
  });
  const newest = rows[0]; // the core lists launchable images newest first
  if (!newest)
    throw notFound(
      `No available AMI named like "${o.imageFilter}" owned by ${owners.join(', ')} in ${region}.`,
      'Check the pattern (* and ? are wildcards) with `opsdeck ec2 images --owner amazon --name …`, or pass --image ami-….',
    );
  return { imageId: newest.imageId, name: newest.name, creationDate: newest.creationDate };
}

/** --security-group takes ids or names; each must exist in the region. */
async function groupsOf(ctx: CliContext, account: string, region: string, wanted: string[]) {
  if (!wanted.length) return [];
  const { rows } = await ctx.call('ec2.securityGroups', { account, region });
  return wanted.map((w) => {
    const g = rows.find((x: Ec2SecurityGroup) => x.groupId === w || x.groupName === w);
    if (!g)
      throw notFound(
        `No security group ${w} in ${account}/${region}.`,
        `Use one of: ${rows.map((x) => `${x.groupName} (${x.groupId})`).join(', ') || 'none listed'}.`,
      );
    return { id: g.groupId, name: g.groupName };
  });
}

/** The key pair (default: named after the instance) is used when it exists, else created. */
async function keyPairOf(ctx: CliContext, account: string, region: string, keyName: string) {
  const { rows } = await ctx.call('ec2.keyPairs', { account, region });
  return { keyName, created: !rows.some((k) => k.keyName === keyName) };
}

async function readUserDataFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Cannot read --user-data-file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'Check the path and that the file is readable.',
    );
  }
}

/** A template rendered by the core (an edited body from --user-data-file), or a file as is. */
async function userDataOf(ctx: CliContext, o: LaunchOptions, region: string) {
  const file = o.userDataFile ? await readUserDataFile(o.userDataFile) : undefined;
  if (!o.userDataTemplate)
    return { text: file ?? '', source: o.userDataFile ? `file ${o.userDataFile}` : 'none' };
  const rendered = await ctx.call('ec2.userData.render', {
    templateId: o.userDataTemplate,
    ...(file !== undefined ? { body: file } : {}),
    values: parsePairs('--var', o.var),
    name: o.name,
    region,
    zone: o.az ?? '',
  });
  const [variable, problem] = Object.entries(rendered.errors)[0] ?? [];
  if (variable)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `User data template ${o.userDataTemplate}: ${variable}: ${problem}`,
      `Pass --var ${variable}=<value> (see \`opsdeck call ec2.userData.templates\` for each variable).`,
    );
  const source = `template ${o.userDataTemplate}${o.userDataFile ? ` (body from ${o.userDataFile})` : ''}`;
  return { text: rendered.text, source };
}

/** Resolve every option into the contract's launch input; only reads are sent. */
export async function buildLaunchPlan(ctx: CliContext, o: LaunchOptions): Promise<LaunchPlan> {
  const tags = parsePairs('--tag', o.tag);
  if ('Name' in tags)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      '--tag Name=… is not needed.',
      'The Name tag is --name.',
    );
  const volumes = o.volume.map(parseVolume);
  const count = parseCount('--count', o.count, 1, 20);
  const account = await accountOf(ctx, o.account);
  const region = await regionOf(ctx, account, o.region);
  const [image, groups, keyPair, userData] = await Promise.all([
    imageOf(ctx, account, region, o),
    groupsOf(ctx, account, region, o.securityGroup),
    keyPairOf(ctx, account, region, o.keyPair ?? o.name),
    userDataOf(ctx, o, region),
  ]);
  return {
    params: {
      account,
      region,
      name: o.name,
      imageId: image.imageId,
      instanceType: o.type,
      ...(o.az ? { zone: o.az } : {}),
      ...(keyPair.created
        ? { createKeyPair: { keyName: keyPair.keyName, keyType: o.keyType } }
        : { keyName: keyPair.keyName }),
      securityGroupIds: groups.map((g) => g.id),
      userData: userData.text,
      tags,
      volumes,
      count,
    },
    image,
    keyPair,
    groups,
    userDataSource: userData.source,
  };
}

/** The plan for humans: what will be launched, warnings, then the AWS CLI equivalent. */
export function formatPlan(plan: LaunchPlan, preview: Ec2LaunchPreview): string {
  const p = plan.params;
  const row = (label: string, value: string) => `  ${label.padEnd(10)} ${value}`;
  const bytes = Buffer.byteLength(preview.userData, 'utf8');
  const lines = [
    `Launch ${p.count ?? 1}× ${p.name} in ${p.account}/${p.region}`,
    row(
      'AMI',
      `${p.imageId}${plan.image.name ? ` (${plan.image.name}${plan.image.creationDate ? `, ${plan.image.creationDate.slice(0, 10)}` : ''})` : ''}`,
    ),
    row('type', p.instanceType),
    row('zone', p.zone ?? 'chosen by EC2'),
    row(
      'key pair',
      plan.keyPair.created
        ? `${plan.keyPair.keyName} (created; its private key is saved 0600 in Opsdeck's key store)`
        : `${plan.keyPair.keyName} (existing)`,
    ),
    row(
      'groups',
      plan.groups.map((g) => `${g.id} (${g.name})`).join(', ') || "none: the VPC's default group",
    ),
    row('user data', bytes ? `${plan.userDataSource}, ${bytes} bytes` : 'none'),
    row(
      'volumes',
      (p.volumes ?? [])
        .map((v) => `${v.device} ${v.sizeGiB} GiB ${v.volumeType ?? 'gp3'}`)
        .join(', ') || 'none besides the root volume',
    ),
    row(
      'tags',
      Object.entries(p.tags ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'Name only',
    ),
  ];
  if (preview.warnings.length)
    lines.push('', 'Warnings:', ...preview.warnings.map((w) => `  ! ${w}`));
  lines.push('', 'AWS CLI equivalent:', preview.command);
  if (bytes) lines.push('', 'user-data.sh:', preview.userData.trimEnd());
  return lines.join('\n');
}
