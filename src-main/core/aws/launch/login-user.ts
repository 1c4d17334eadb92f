/**
 * Which user logs in to an instance, guessed from its AMI the way each distribution's images set
 * it up (cloud-init's default user). Pure; the user can always change it.
 */

export interface AmiFacts {
  name?: string | undefined;
  description?: string | undefined;
  ownerId?: string | undefined;
  ownerAlias?: string | undefined;
  platform?: string | undefined;
}

export interface LoginGuess {
  user: string;
  /** Why, shown beside the field: "Ubuntu AMI". */
  reason: string;
}

/** Publishers' account ids, for AMIs whose name says little. */
const OWNERS: Record<string, LoginGuess> = {
  '099720109477': { user: 'ubuntu', reason: 'Canonical (Ubuntu) AMI' },
  '136693071363': { user: 'admin', reason: 'Debian AMI' },
  '379101102735': { user: 'admin', reason: 'Debian AMI' },
  '125523088429': { user: 'fedora', reason: 'Fedora AMI' },
  '309956199498': { user: 'ec2-user', reason: 'Red Hat AMI' },
  '013907871322': { user: 'ec2-user', reason: 'SUSE AMI' },
  '792107900819': { user: 'rocky', reason: 'Rocky Linux AMI' },
  '764336703387': { user: 'ec2-user', reason: 'AlmaLinux AMI' },
  '679593333241': { user: 'ec2-user', reason: 'AWS Marketplace AMI' },
};

/** Checked in order against the AMI's name and description (lower-cased). */
const RULES: readonly [RegExp, LoginGuess][] = [
  [/bitnami/, { user: 'bitnami', reason: 'Bitnami AMI' }],
  [/ubuntu/, { user: 'ubuntu', reason: 'Ubuntu AMI' }],
  [/debian/, { user: 'admin', reason: 'Debian AMI' }],
  [/centos/, { user: 'centos', reason: 'CentOS AMI' }],
  [/rocky/, { user: 'rocky', reason: 'Rocky Linux AMI' }],
  [/fedora/, { user: 'fedora', reason: 'Fedora AMI' }],
  [/almalinux|alma-?linux/, { user: 'ec2-user', reason: 'AlmaLinux AMI' }],
  [/\brhel\b|red ?hat/, { user: 'ec2-user', reason: 'Red Hat AMI' }],
  [/suse|sles/, { user: 'ec2-user', reason: 'SUSE AMI' }],
  [/freebsd/, { user: 'ec2-user', reason: 'FreeBSD AMI' }],
  [/\barch\b|archlinux/, { user: 'arch', reason: 'Arch Linux AMI' }],
  [/kali/, { user: 'kali', reason: 'Kali AMI' }],
  [/flatcar/, { user: 'core', reason: 'Flatcar AMI' }],
  [/al20(23|22)|amzn|amazon linux/, { user: 'ec2-user', reason: 'Amazon Linux AMI' }],
];

export function guessLoginUser(ami: AmiFacts | undefined): LoginGuess {
  if (!ami) return { user: 'ec2-user', reason: 'AMI unknown (deregistered?): the common default' };
  if (/windows/i.test(ami.platform ?? ''))
    return { user: 'Administrator', reason: 'Windows AMI (SSH only if installed)' };
  const text = `${ami.name ?? ''} ${ami.description ?? ''}`.toLowerCase();
  for (const [re, guess] of RULES) if (re.test(text)) return guess;
  const owner = ami.ownerId ? OWNERS[ami.ownerId] : undefined;
  if (owner) return owner;
  if (ami.ownerAlias === 'amazon') return { user: 'ec2-user', reason: 'Amazon-owned AMI' };
  return { user: 'ec2-user', reason: 'Not recognised: the common default' };
}
