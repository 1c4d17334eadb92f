import { useEffect, useState } from 'react';
import { setImageQuery, useEc2, type ImageQuery } from './ec2-store';

/** Owners to list AMIs of (a region holds thousands of public ones: always narrowed). */
export const OWNER_CHOICES: readonly { id: string; label: string; owners: string[] }[] = [
  { id: 'self', label: 'Mine', owners: ['self'] },
  { id: 'amazon', label: 'Amazon', owners: ['amazon'] },
  { id: 'canonical', label: 'Canonical (Ubuntu)', owners: ['099720109477'] },
  { id: 'debian', label: 'Debian', owners: ['136693071363'] },
  { id: 'marketplace', label: 'Marketplace', owners: ['aws-marketplace'] },
  { id: 'mine+amazon', label: 'Mine + Amazon', owners: ['self', 'amazon'] },
];

export const ownerChoice = (owners: readonly string[]) =>
  OWNER_CHOICES.find((c) => c.owners.join(',') === owners.join(','))?.id ?? 'self';

/** The owner choice of an AMI listing (the table's filter bar, the wizard's AMI step). */
export function OwnerSelect({
  owners,
  testId,
  onChange,
}: {
  owners: readonly string[];
  testId: string;
  onChange(owners: string[]): void;
}) {
  return (
    <select
      className="input"
      value={ownerChoice(owners)}
      data-testid={testId}
      onChange={(e) =>
        onChange(OWNER_CHOICES.find((c) => c.id === e.target.value)?.owners ?? ['self'])
      }
    >
      {OWNER_CHOICES.map((c) => (
        <option key={c.id} value={c.id}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** Server-side AMI filter: owner, name pattern and architecture; the table search narrows more. */
export function ImageFilterBar() {
  const q = useEc2((s) => s.imageQuery);
  const [name, setName] = useState(q.name);
  useEffect(() => {
    if (name === q.name) return;
    const t = setTimeout(() => setImageQuery({ name }), 450);
    return () => clearTimeout(t);
  }, [name, q.name]);
  return (
    <div className="subbar" role="group" aria-label="AMI filter">
      <label className="inline-label">
        Owner
        <OwnerSelect
          owners={q.owners}
          testId="ami-owner"
          onChange={(owners) => setImageQuery({ owners })}
        />
      </label>
      <label className="inline-label">
        Name
        <input
          className="input mono"
          value={name}
          placeholder="al2023, ubuntu-noble, golden-*"
          data-testid="ami-name"
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setImageQuery({ name })}
        />
      </label>
      <label className="inline-label">
        Architecture
        <select
          className="input"
          value={q.architecture}
          data-testid="ami-arch"
          onChange={(e) =>
            setImageQuery({ architecture: e.target.value as ImageQuery['architecture'] })
          }
        >
          <option value="">any</option>
          <option value="x86_64">x86_64</option>
          <option value="arm64">arm64</option>
        </select>
      </label>
      <span className="faint">
        Listed by EC2 with these filters; a plain word matches anywhere in the name.
      </span>
    </div>
  );
}
