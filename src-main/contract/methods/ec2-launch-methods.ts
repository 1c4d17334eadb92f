import { z } from 'zod';
import { defineMethod } from '../define';
import { Ec2Instance } from '../ec2';
import {
  Ec2LaunchInput,
  Ec2LaunchPreview,
  Ec2LaunchResult,
  Ec2SshTarget,
  Ec2SshReady,
  UserDataRendered,
  UserDataTemplate,
} from '../ec2-launch';
import { Host } from '../hosts';
import { instanceId, scope } from './ec2-shapes';

/** A wait on launched instances: reads only, in one account and region. */
const wait = <S extends z.ZodRawShape, R extends z.ZodType>(summary: string, shape: S, result: R) =>
  defineMethod({
    summary,
    params: z.object({ ...scope, ...shape }).strict(),
    result,
    events: [],
    mutates: false,
  });

/**
 * Launching instances (part of the `ec2` table): preview and launch, user-data templates, and
 * the waits and inventory step after it — the wizard's, `opsdeck ec2 launch`'s.
 */
export const ec2LaunchMethods = {
  'ec2.instances.launchPreview': defineMethod({
    summary: 'What a launch would do: the equivalent aws ec2 run-instances command and warnings',
    params: Ec2LaunchInput,
    result: Ec2LaunchPreview,
    events: [],
    mutates: false,
  }),
  'ec2.instances.launch': defineMethod({
    summary:
      'Launch instances (optionally creating their key pair first); returns ids and the CLI equivalent',
    params: Ec2LaunchInput,
    result: Ec2LaunchResult,
    events: ['ec2.changed', 'audit.appended'],
    mutates: true,
  }),
  'ec2.userData.templates': defineMethod({
    summary:
      'User-data templates (hostname, packages, config-management bootstrap) and their variables',
    params: z.object({}).strict(),
    result: z.array(UserDataTemplate),
    events: [],
    mutates: false,
  }),
  'ec2.userData.render': defineMethod({
    summary: 'Render a user-data template (or an edited body) with variables; errors per variable',
    params: z
      .object({
        templateId: z.string().max(64).optional(),
        /** An edited body; default: the template's own. */
        body: z.string().max(16384).optional(),
        values: z.record(z.string().max(64), z.string().max(1024)).default({}),
        name: z.string().max(128).default(''),
        region: z.string().max(32).default(''),
        zone: z.string().max(64).default(''),
      })
      .strict(),
    result: UserDataRendered,
    events: [],
    mutates: false,
  }),
  'ec2.instances.sshTarget': defineMethod({
    summary: 'How to SSH to an instance: best address, login user guessed from the AMI, stored key',
    params: z.object({ ...scope, instanceId }).strict(),
    result: Ec2SshTarget,
    events: [],
    mutates: false,
  }),
  'ec2.instances.waitRunning': wait(
    'Wait until launched instances run (a new id EC2 does not know yet is waited for, up to 60 s; stopped or terminated fails)',
    {
      instanceIds: z.array(instanceId).min(1).max(20),
      timeoutSec: z.number().int().min(1).max(7200).default(300),
    },
    z.array(Ec2Instance),
  ),
  'ec2.instances.waitForSsh': wait(
    'Wait until sshd answers on an instance (its SSH target address; reads the banner, no login)',
    {
      instanceId,
      port: z.number().int().min(1).max(65535).default(22),
      timeoutSec: z.number().int().min(1).max(3600).default(300),
    },
    Ec2SshReady,
  ),
  'ec2.instances.addToInventory': defineMethod({
    summary:
      'Add an instance to the host inventory (or refresh its host), keeping instance id, region and tags',
    params: z
      .object({
        ...scope,
        instanceId,
        address: z.string().trim().max(253).optional(),
        user: z.string().trim().min(1).max(64).optional(),
        keyPath: z.string().trim().max(1024).optional(),
        name: z.string().trim().max(64).optional(),
      })
      .strict(),
    result: z.object({ host: Host, created: z.boolean() }),
    events: ['hosts.changed'],
    mutates: true,
  }),
} as const;
