import type { Command } from 'commander';
import { collect } from './ec2-launch-options';

/**
 * What to launch, as `opsdeck ec2 launch` takes it (all but the Name and the count): shared by
 * every command that launches through the launch wizard's plan (`buildLaunchPlan`), e.g.
 * `opsdeck backup restore <id> --onto new-instance`.
 */
export function launchSpecOptions(command: Command): Command {
  return command
    .option('-a, --account <name>', 'AWS account (default: OPSDECK_AWS_ACCOUNT or the only one)')
    .option('-r, --region <region>', "region (default: the account's)")
    .option('--image <ami>', 'AMI id')
    .option('--image-filter <pattern>', 'newest available AMI whose name matches (* ? wildcards)')
    .option(
      '--image-owner <owner>',
      'with --image-filter: self, amazon, an account id (repeatable; default self, amazon)',
      collect,
      [],
    )
    .option('--arch <arch>', 'with --image-filter: x86_64 or arm64')
    .option('-t, --type <type>', 'instance type', 't3.micro')
    .option('--az <zone>', 'availability zone (default: EC2 picks)')
    .option(
      '--key-pair <name>',
      'key pair (default: the Name); created when missing, its private key saved 0600',
    )
    .option('--key-type <type>', 'type of a created key pair: ed25519 or rsa', 'ed25519')
    .option('--security-group <id|name>', 'security group (repeatable)', collect, [])
    .option('--user-data-template <id>', 'hostname, base, puppet, salt, ansible-pull')
    .option('--var <k=v>', 'template variable (repeatable)', collect, [])
    .option('--user-data-file <path>', 'user data as is; with a template: its edited body')
    .option('--tag <k=v>', 'tag besides Name (repeatable)', collect, [])
    .option(
      '--volume <device:size:type>',
      'extra EBS volume, e.g. sdf:100:gp3 (repeatable)',
      collect,
      [],
    );
}
