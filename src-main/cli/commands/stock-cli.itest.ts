import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { labInventory, STOCK_HOST, stockAddress, SUDO_LOGIN } from '../../../testing/lab/lab';
import { runCli } from '../../../testing/cli/run-cli';
import { resetStock } from '../../../testing/lab/stock-lab';

/**
 * The acceptance, through the CLI as a user types it: two fresh Debian MariaDB servers, reached
 * with a sudo login from ~/.ssh/config whose host keys are in ~/.ssh/known_hosts; no MySQL
 * account created, no path typed, no file edited by hand.
 */
const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-stock-'));
const userHome = join(home, 'user');
const realHome = process.env.HOME;
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';

const opsdeck = (...args: string[]) => runCli(join(home, 'data'), ...args);

/** ~/.ssh/config and ~/.ssh/known_hosts as a user has them for two servers. */
function writeUserSsh() {
  const ssh = join(userHome, '.ssh');
  mkdirSync(ssh, { recursive: true });
  const inv = labInventory();
  const entries = [1, 2].map(
    (i) =>
      `Host peer${i}\n  HostName ${stockAddress(i)}\n  User ${SUDO_LOGIN}\n  IdentityFile ${inv.sshKey}\n`,
  );
  writeFileSync(join(ssh, 'config'), entries.join('\n'));
  const known = inv.hosts
    .filter((h) => h.shape === 'stock')
    .flatMap((h) => h.hostKeys.map((k) => `${h.address} ${k.type} ${k.publicKey}`));
  writeFileSync(join(ssh, 'known_hosts'), `${known.join('\n')}\n`);
}

afterEach(() => vi.restoreAllMocks());

describe('opsdeck on stock servers, as a user would', () => {
  beforeAll(() => {
    resetStock('stock1', 'stock2');
    writeUserSsh();
    process.env.HOME = userHome;
  }, 120_000);
  afterAll(() => {
    process.env.HOME = realHome;
    resetStock('stock1', 'stock2');
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it('imports ~/.ssh/config; MySQL works without a login typed (root by socket, through sudo)', async () => {
    const imported = await opsdeck('hosts', 'import', 'ssh-config');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/added: peer1, peer2/);
    const login = await opsdeck('mysql', 'login', 'peer1');
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(
      /peer1: root over SSH to the server socket, as root through sudo -n from admin, socket authentication \(automatic: no MySQL login set\)/,
    );
    expect(login.stderr).toMatch(
      /ok: 10\.11\.\d+-MariaDB.*server_id 1 — root over SSH to \/run\/mysqld\/mysqld\.sock through sudo -n socat/,
    );
    const facts = await opsdeck('mysql', 'facts', 'peer1');
    expect(facts.code, facts.stderr).toBe(0);
    expect(facts.stdout).toMatch(
      /login\s+root over SSH to \/run\/mysqld\/mysqld\.sock through sudo -n socat \(automatic/,
    );
    expect(facts.stdout).toMatch(/binary log\s+off/);
    // The collation clash of Repl_slave_priv = 'Y' is gone.
    expect(facts.stdout).not.toMatch(/unreadable|Illegal mix/);
  });

  it('hosts profile --detect shows every value marked detected; --set makes one yours, key= undoes it', async () => {
    const detected = await opsdeck('hosts', 'profile', 'peer1', '--detect');
    expect(detected.code, detected.stderr).toBe(0);
    expect(detected.stdout).toMatch(
      new RegExp(`mysqlConfigPath\\s+${STOCK_HOST.serverConfig.replace(/\//g, '\\/')}\\s+detected`),
    );
    expect(detected.stdout).toMatch(/mysqlServiceRestart\s+service mariadb restart\s+detected/);
    expect(detected.stdout).toMatch(/sudo\s+true\s+detected/);
    const set = await opsdeck(
      'hosts',
      'profile',
      'peer1',
      '--set',
      'mysqlServiceRestart=/etc/init.d/mariadb restart',
    );
    expect(set.stdout).toMatch(
      /mysqlServiceRestart\s+\/etc\/init\.d\/mariadb restart\s+yours \(detected: service mariadb restart\)/,
    );
    const back = await opsdeck('hosts', 'profile', 'peer1', '--set', 'mysqlServiceRestart=');
    expect(back.stdout).toMatch(/mysqlServiceRestart\s+service mariadb restart\s+detected/);
    const bad = await opsdeck('hosts', 'profile', 'peer1', '--set', 'serviceManager=upstart');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/serviceManager/);
  });

  it('replicate says which fix it needs, then sets up replication with the two consents', async () => {
    const refused = await opsdeck(
      'mysql',
      'replicate',
      '--master',
      'peer1',
      '--replica',
      'peer2',
      '--seed',
      'dump',
      '--enable-binlog',
      '--yes',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Unique server_id: peer2 has server_id 1, which peer1 has too/);
    expect(refused.stderr).toMatch(/--fix-server-id/);
    expect(refused.stderr).not.toMatch(/lacks mysqlConfigPath/);

    const plan = await opsdeck(
      'mysql',
      'replicate',
      '--master',
      'peer1',
      '--replica',
      'peer2',
      '--enable-binlog',
      '--fix-server-id',
      '--dry-run',
    );
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(
      /\d+\. Unique server_id on the replica\n\s+read .*\n(.*\n)*\s+WRITE sql peer2: SET GLOBAL server_id = 2/,
    );
    expect(plan.stdout).not.toMatch(/already done/);

    const ran = await opsdeck(
      'mysql',
      'replicate',
      '--master',
      'peer1',
      '--replica',
      'peer2',
      '--seed',
      'dump',
      '--enable-binlog',
      '--fix-server-id',
      '--yes',
    );
    expect(ran.code, ran.stderr + ran.stdout).toBe(0);
    expect(ran.stdout).toMatch(/Set up MySQL replication on peer1 → peer2: succeeded/);
    expect(ran.stdout).toMatch(
      /left on the hosts \(remove when no longer needed\):\n {2}peer[12]:\/etc\/mysql\/mariadb\.conf\.d\/50-server\.cnf\.opsdeck-/,
    );
    const topo = await opsdeck('mysql', 'topology', 'peer2');
    expect(topo.stdout).toMatch(/peer1 \(master\)/);
    expect(topo.stdout).toMatch(/└─ peer2 \(replica\).*IO running\/SQL running/);
  }, 240_000);

  it('a TCP login is tried and its failure told as it is; --clear goes back to the socket', async () => {
    const set = await opsdeck(
      'mysql',
      'login',
      'peer2',
      '--via',
      'ssh-tunnel',
      '--user',
      'opsdeck',
      '--address',
      stockAddress(2),
    );
    expect(set.code).toBe(1);
    expect(set.stdout).toMatch(/opsdeck@.*through an SSH tunnel from peer2, no password stored/);
    expect(set.stderr).toMatch(/refused "opsdeck", and no password is stored for this login/);
    expect(set.stderr).toMatch(/MYSQL_PASSWORD_MISSING/);
    const cleared = await opsdeck('mysql', 'login', 'peer2', '--clear');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/automatic: no MySQL login set/);
  });

  it('without a terminal, vault unlock and a locked vault say how, and nothing waits', async () => {
    const status = await opsdeck('vault', 'status');
    expect(status.stdout).toMatch(/Vault \(passphrase-file\): unlocked/);
    const passphrase = process.env.OPSDECK_VAULT_PASSPHRASE;
    delete process.env.OPSDECK_VAULT_PASSPHRASE;
    try {
      const unlock = await opsdeck('vault', 'unlock');
      expect(unlock.code).toBe(1);
      expect(unlock.stderr).toMatch(/no terminal to ask the passphrase on[\s\S]*--passphrase-env/);
      const added = await opsdeck('hosts', 'add', 'x1', '10.9.9.9', '--password-env', 'HOME');
      expect(added.code).toBe(1);
      expect(added.stderr).toMatch(
        /Run `opsdeck vault unlock` on a terminal first, or set OPSDECK_VAULT_PASSPHRASE/,
      );
      expect(added.stderr).toMatch(/VAULT_LOCKED/);
      process.env.VAULT_PASS = passphrase;
      const viaEnv = await opsdeck('vault', 'unlock', '--passphrase-env', 'VAULT_PASS');
      expect(viaEnv.code, viaEnv.stderr).toBe(0);
      expect(viaEnv.stdout).toMatch(/Vault unlocked\. This command ran its own Opsdeck core/);
    } finally {
      process.env.OPSDECK_VAULT_PASSPHRASE = passphrase;
    }
    expect(readFileSync(join(home, 'data', 'vault.json'), 'utf8')).not.toContain(
      'cli-test-passphrase',
    );
  });
});
