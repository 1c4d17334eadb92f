import { OpsdeckError, type HostKeyReplaceResult } from '../../contract';
import type { Core } from '../../core/create-core';
import { localFolders } from '../../core/files/local-folders';
import { fingerprintOf, scanHostKey } from '../../core/ssh';
import type { Handlers } from '../router';

type SshMethod =
  | 'terminals.open'
  | 'terminals.write'
  | 'terminals.resize'
  | 'terminals.ack'
  | 'terminals.close'
  | 'terminals.reconnect'
  | 'terminals.list'
  | 'terminals.broadcast'
  | 'exec.run'
  | 'exec.cancel'
  | 'exec.history'
  | 'exec.get'
  | 'exec.rerunFailed'
  | 'files.list'
  | 'files.localFolders'
  | 'files.read'
  | 'files.write'
  | 'files.download'
  | 'files.upload'
  | 'transfers.cancel'
  | 'transfers.list'
  | 'hosts.replaceHostKey';

/** Terminals, cluster exec, SFTP and host-key replacement, bound to the core's SSH services. */
export function sshHandlers(core: Core): Pick<Handlers, SshMethod> {
  const t = core.terminals;
  return {
    'terminals.open': (p) => t.open(p),
    'terminals.write': ({ terminalId, data }) => {
      t.write(terminalId, data);
      return { ok: true };
    },
    'terminals.resize': ({ terminalId, cols, rows }) => {
      t.resize(terminalId, cols, rows);
      return { ok: true };
    },
    'terminals.ack': ({ terminalId, seq }) => ({ paused: t.ack(terminalId, seq) }),
    'terminals.close': ({ terminalId }) => ({ closed: t.close(terminalId) }),
    'terminals.reconnect': ({ terminalId }) => {
      t.reconnect(terminalId);
      return { terminalId };
    },
    'terminals.list': () => t.list(),
    'terminals.broadcast': ({ terminalIds, data }) => t.broadcast(terminalIds, data),

    'exec.run': (p, call) => core.exec.run(p, call.door),
    'exec.cancel': ({ execId }) => ({ cancelled: core.exec.cancel(execId) }),
    'exec.history': ({ limit }) => core.exec.history(limit),
    'exec.get': ({ execId }) => core.exec.get(execId),
    'exec.rerunFailed': ({ execId }, call) => core.exec.rerunFailed(execId, call.door),

    'files.list': ({ hostId, path, limit }) => core.files.list(hostId, path, limit),
    'files.localFolders': () => localFolders(),
    'files.read': ({ hostId, path, maxBytes }) => core.files.read(hostId, path, maxBytes),
    'files.write': ({ hostId, path, content, expectedEtag }, call) =>
      core.files.write(hostId, path, content, expectedEtag, call.door),
    'files.download': ({ hostId, remotePath, localPath }) =>
      core.transfers.download(hostId, remotePath, localPath),
    'files.upload': ({ hostId, remotePath, localPath }, call) =>
      core.transfers.upload(hostId, localPath, remotePath, call.door),
    'transfers.cancel': ({ transferId }) => ({ cancelled: core.transfers.cancel(transferId) }),
    'transfers.list': () => core.transfers.list(),

    'hosts.replaceHostKey': ({ id, confirmFingerprint }) =>
      replaceHostKey(core, id, confirmFingerprint),
  };
}

/**
 * Explicit, audited "replace host key": read the key the server presents now (never trusting
 * it); only when the caller confirms exactly that fingerprint is it recorded, replacing the old one.
 */
async function replaceHostKey(
  core: Core,
  id: string,
  confirmFingerprint: string | undefined,
): Promise<HostKeyReplaceResult> {
  const host = core.hosts.get(id);
  const target = { name: host.name, address: host.address, port: host.port };
  if (host.proxyJump) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${host.name} is reached through ${host.proxyJump}; its key cannot be read directly.`,
      'Verify the key on the server console and trust it from there (or connect to it without ProxyJump once).',
    );
  }
  const recorded = await core.trust.recordedKeys(target);
  const scanned = await scanHostKey(target, {
    preferTypes: [...new Set(recorded.map((k) => k.keyType))],
  });
  // The recorded key of the same type, else any recorded key (a server now presenting another type).
  const previousKey = recorded.find((k) => k.keyType === scanned.keyType) ?? recorded[0];
  const previous = previousKey && {
    fingerprint: fingerprintOf(previousKey.publicKey),
    keyType: previousKey.keyType,
  };
  const result = {
    hostId: host.id,
    keyType: scanned.keyType,
    fingerprint: scanned.fingerprint,
    ...(previous
      ? { previousFingerprint: previous.fingerprint, previousKeyType: previous.keyType }
      : {}),
  };
  if (confirmFingerprint === undefined) return { ...result, replaced: false };
  if (confirmFingerprint.trim() !== scanned.fingerprint) {
    throw new OpsdeckError(
      'CONFLICT',
      `${host.name} presents ${scanned.keyType} ${scanned.fingerprint}, not the fingerprint you confirmed (${confirmFingerprint}). Nothing was changed.`,
      'Compare again with the fingerprint shown on the server console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).',
    );
  }
  core.trust.replaceKey(target, scanned.keyBlob);
  core.ssh.close(host.id);
  return { ...result, replaced: true };
}
