import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../event-bus';
import { PromptService } from '../prompts/prompt-service';
import { openDatabase } from '../store/database';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import { fingerprintOf } from './fingerprint';
import { HostKeyTrust } from './host-key-trust';
import { hashHostName } from './known-hosts-file';

/** What "recorded" means when a host key is replaced: Opsdeck's store, then ~/.ssh/known_hosts. */
describe('HostKeyTrust.recordedKeys', () => {
  let dir: string;
  let fileKey: Buffer;
  let storedKey: Buffer;
  const host = { name: 'peer1', address: '10.9.0.7', port: 22 };
  const keyOf = (name: string) => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
    const pub = readFileSync(join(dir, `${name}.pub`), 'utf8').split(/\s+/)[1] as string;
    return Buffer.from(pub, 'base64');
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-recorded-'));
    fileKey = keyOf('file');
    storedKey = keyOf('stored');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const trustWith = (knownHosts: string) => {
    const repo = new KnownHostsRepo(openDatabase(':memory:'));
    const trust = new HostKeyTrust({
      repo,
      prompts: new PromptService(createEventBus()),
      knownHostsFiles: [knownHosts],
    });
    return { repo, trust };
  };

  it('finds a key only ~/.ssh/known_hosts has (a hashed entry, as ssh writes them)', async () => {
    const file = join(dir, 'known_hosts_hashed');
    writeFileSync(
      file,
      `${hashHostName(host.address)} ssh-ed25519 ${fileKey.toString('base64')}\n`,
    );
    const { trust } = trustWith(file);
    const recorded = await trust.recordedKeys(host);
    expect(recorded.map((k) => fingerprintOf(k.publicKey))).toEqual([fingerprintOf(fileKey)]);
    // The file and line of the entry (as changed-key messages name it).
    expect(recorded[0]?.source).toBe(`${file}:1`);
  });

  it("lists Opsdeck's own store first (it wins over the files)", async () => {
    const file = join(dir, 'known_hosts_plain');
    writeFileSync(file, `${host.name} ssh-ed25519 ${fileKey.toString('base64')}\n`);
    const { trust } = trustWith(file);
    trust.trustKeys(host.address, host.port, [storedKey]);
    const recorded = await trust.recordedKeys(host);
    expect(recorded.map((k) => k.source)).toEqual(["Opsdeck's known hosts", `${file}:1`]);
    expect(fingerprintOf(recorded[0]?.publicKey ?? '')).toBe(fingerprintOf(storedKey));
  });
});
