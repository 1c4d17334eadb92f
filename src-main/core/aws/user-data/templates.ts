import type { UserDataTemplate, UserDataVariable } from '../../../contract';

/**
 * User-data templates as data: a body with `{{variable}}` placeholders and the variables it
 * declares. `{{name}}`, `{{region}}` and `{{zone}}` are always there (the launch fills them in);
 * a variable's default may use them. Values go into a shell script, so each variable says what a
 * valid value looks like and rendering refuses anything else.
 */

const HOSTNAME =
  '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$';
const SERVER = '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$';
const PACKAGES = '^([A-Za-z0-9][A-Za-z0-9.+_:=-]*( +[A-Za-z0-9][A-Za-z0-9.+_:=-]*)*)?$';
const WORD = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
const URL = '^(https?|git|ssh)://[A-Za-z0-9._~:/@%+=-]+$';
const PATH = '^[A-Za-z0-9._/-]+$';

const v = (
  name: string,
  label: string,
  pattern: string,
  hint: string,
  options: { default?: string; required?: boolean } = {},
): UserDataVariable => ({
  name,
  label,
  pattern,
  hint,
  default: options.default ?? '',
  required: options.required ?? true,
});

const hostname = v('hostname', 'Hostname', HOSTNAME, 'e.g. mysite-db01 or db01.example.net', {
  default: '{{name}}',
});
const packages = v('packages', 'Packages', PACKAGES, 'Space-separated package names', {
  default: 'curl vim',
  required: false,
});

/** Sets the hostname and /etc/hosts; shared by the templates below. */
const SET_HOSTNAME = `hostnamectl set-hostname {{hostname}} || echo {{hostname}} > /etc/hostname
grep -qw '{{hostname}}' /etc/hosts || echo "127.0.1.1 {{hostname}}" >> /etc/hosts`;

/** Installs packages with whichever package manager the AMI has. */
const INSTALL = `install_packages() {
  [ $# -gt 0 ] || return 0
  if command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q "$@"
  elif command -v dnf >/dev/null; then dnf install -y -q "$@"
  elif command -v yum >/dev/null; then yum install -y -q "$@"
  elif command -v zypper >/dev/null; then zypper --non-interactive install "$@"
  else echo "no known package manager" >&2; return 1
  fi
}`;

const HEADER = `#!/bin/bash
# {{name}} in {{region}}: user data rendered by Opsdeck
set -euo pipefail
exec > >(tee -a /var/log/opsdeck-user-data.log) 2>&1`;

export const USER_DATA_TEMPLATES: readonly UserDataTemplate[] = [
  {
    id: 'hostname',
    title: 'Set hostname',
    description: 'Sets the hostname (and /etc/hosts) to the instance Name or another name.',
    variables: [hostname],
    body: `${HEADER}

${SET_HOSTNAME}
`,
  },
  {
    id: 'base',
    title: 'Hostname + packages',
    description: 'Sets the hostname, installs packages (apt, dnf, yum or zypper) and the timezone.',
    variables: [
      hostname,
      packages,
      v('timezone', 'Timezone', '^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$', 'e.g. UTC or Europe/Berlin', {
        default: 'UTC',
      }),
    ],
    body: `${HEADER}

${SET_HOSTNAME}
timedatectl set-timezone {{timezone}} || true

${INSTALL}
install_packages {{packages}}
`,
  },
  {
    id: 'puppet',
    title: 'Puppet agent',
    description:
      'Hostname and packages, then installs the Puppet agent, points it at your server and runs it once.',
    variables: [
      hostname,
      packages,
      v('puppet_server', 'Puppet server', SERVER, 'e.g. puppet.example.net', {
        default: 'puppet',
      }),
      v('puppet_environment', 'Environment', WORD, 'e.g. production', {
        default: 'production',
      }),
    ],
    body: `${HEADER}

${SET_HOSTNAME}

${INSTALL}
install_packages {{packages}}
install_packages puppet-agent || install_packages puppet

mkdir -p /etc/puppetlabs/puppet
cat > /etc/puppetlabs/puppet/puppet.conf <<'CONF'
[main]
server = {{puppet_server}}
certname = {{hostname}}
environment = {{puppet_environment}}
CONF
PUPPET=$(command -v puppet || echo /opt/puppetlabs/bin/puppet)
"$PUPPET" agent --onetime --no-daemonize --waitforcert 60 || true
systemctl enable --now puppet || true
`,
  },
  {
    id: 'salt',
    title: 'Salt minion',
    description: 'Hostname and packages, then installs a Salt minion that reports to your master.',
    variables: [
      hostname,
      packages,
      v('salt_master', 'Salt master', SERVER, 'e.g. salt.example.net', { default: 'salt' }),
    ],
    body: `${HEADER}

${SET_HOSTNAME}

${INSTALL}
install_packages {{packages}}
curl -fsSL https://bootstrap.saltproject.io -o /tmp/bootstrap-salt.sh
sh /tmp/bootstrap-salt.sh -A {{salt_master}} -i {{hostname}} stable
`,
  },
  {
    id: 'ansible-pull',
    title: 'Ansible pull',
    description:
      'Hostname and packages, then runs ansible-pull from a Git repository every 30 minutes.',
    variables: [
      hostname,
      packages,
      v('repo_url', 'Repository', URL, 'e.g. https://git.example.net/ops/site.git'),
      v('playbook', 'Playbook', PATH, 'Path in the repository', { default: 'site.yml' }),
    ],
    body: `${HEADER}

${SET_HOSTNAME}

${INSTALL}
install_packages {{packages}} git ansible-core || install_packages {{packages}} git ansible
ansible-pull -U '{{repo_url}}' '{{playbook}}'
echo '*/30 * * * * root ansible-pull -o -U {{repo_url}} {{playbook}} >> /var/log/ansible-pull.log 2>&1' > /etc/cron.d/ansible-pull
`,
  },
];

export function userDataTemplate(id: string): UserDataTemplate | undefined {
  return USER_DATA_TEMPLATES.find((t) => t.id === id);
}
