import { useState } from 'react';
import { client } from '../../../api';
import { Field } from '../../../ui/Field';
import type { Scope } from '../dialogs-store';
import { ActionDialog } from './ActionDialog';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=,-]*$/;

/** Create a key pair: EC2 hands out the private key once; Opsdeck saves it (0600). */
export function KeyCreateDialog({ scope, onClose }: { scope: Scope; onClose(): void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<'ed25519' | 'rsa'>('ed25519');
  const [saved, setSaved] = useState<string | null>(null);
  const valid = NAME.test(name.trim());
  if (saved) {
    return (
      <ActionDialog
        title="Key pair created"
        testId="key-created"
        submitLabel="Done"
        onSubmit={async () => `Created key pair ${name}`}
        onClose={onClose}
      >
        <p>
          The private key of <span className="mono">{name}</span> was saved (mode 0600) at:
        </p>
        <div className="name-list mono selectable" data-testid="key-path">
          {saved}
        </div>
        <p className="muted">
          It is offered automatically when you SSH to instances launched with this pair.
        </p>
      </ActionDialog>
    );
  }
  return (
    <ActionDialog
      title="Create key pair"
      testId="key-create"
      submitLabel="Create"
      canSubmit={valid}
      onClose={onClose}
      summary={
        valid ? (
          <>
            Creates {type} key pair <span className="mono">{name}</span> in{' '}
            <span className="mono">
              {scope.account} / {scope.region}
            </span>
            ; the private key stays on this machine.
          </>
        ) : null
      }
      onSubmit={async () => {
        const r = await client.call('ec2.keyPairs.create', {
          ...scope,
          keyName: name.trim(),
          keyType: type,
        });
        setSaved(r.keyPath);
        return null;
      }}
    >
      <Field
        label="Name"
        htmlFor="key-name"
        error={name && !valid ? 'Letters, digits and . _ - @ + = ,' : undefined}
      >
        <input
          id="key-name"
          className="input mono"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-autofocus
          data-testid="key-name"
        />
      </Field>
      <Field label="Type" htmlFor="key-type">
        <select
          id="key-type"
          className="input"
          value={type}
          onChange={(e) => setType(e.target.value as 'ed25519')}
        >
          <option value="ed25519">ed25519</option>
          <option value="rsa">RSA 2048 (older AMIs, Windows)</option>
        </select>
      </Field>
    </ActionDialog>
  );
}

/** Import an existing OpenSSH public key as a key pair. */
export function KeyImportDialog({ scope, onClose }: { scope: Scope; onClose(): void }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const looksPrivate = /PRIVATE KEY/.test(key);
  const valid =
    NAME.test(name.trim()) &&
    /^(ssh-(rsa|ed25519)|ecdsa-sha2-\S+) \S+/.test(key.trim()) &&
    !looksPrivate;
  return (
    <ActionDialog
      title="Import public key"
      testId="key-import"
      submitLabel="Import"
      canSubmit={valid}
      size="lg"
      onClose={onClose}
      summary={
        valid ? (
          <>
            Imports <span className="mono">{key.trim().split(' ')[0]}</span> key as{' '}
            <span className="mono">{name}</span> in{' '}
            <span className="mono">
              {scope.account} / {scope.region}
            </span>
            .
          </>
        ) : null
      }
      onSubmit={async () => {
        const r = await client.call('ec2.keyPairs.import', {
          ...scope,
          keyName: name.trim(),
          publicKey: key.trim(),
        });
        return `Imported ${r.keyName} (${r.fingerprint})`;
      }}
    >
      <Field label="Name" htmlFor="imp-name">
        <input
          id="imp-name"
          className="input mono"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-autofocus
        />
      </Field>
      <Field
        label="Public key"
        htmlFor="imp-key"
        error={looksPrivate ? 'That is a private key: paste the .pub file instead.' : undefined}
        hint="One line from the .pub file: ssh-ed25519 AAAA… you@host"
      >
        <textarea
          id="imp-key"
          className="input mono"
          rows={4}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}
