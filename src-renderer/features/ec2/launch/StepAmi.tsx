import { useEffect, useState } from 'react';
import { toErrorShape, type Ec2Image, type ErrorShape } from '../../../../src-main/contract';
import { Field } from '../../../ui/Field';
import { ErrorNote } from '../../../ui/ErrorNote';
import { VirtualTable } from '../../../ui/VirtualTable';
import { formatDateTime } from '../../../ui/format';
import { regionsOf, useEc2 } from '../ec2-store';
import { InflightListings } from '../inflight-listings';
import { OwnerSelect } from '../ImageFilterBar';
import type { StepProps } from './wizard-model';

/** Account, region and a searchable AMI list (owner, name, architecture go to EC2's filters). */
export function StepAmi({ w, up }: StepProps) {
  const accounts = useEc2((s) => s.accounts);
  const knownRegions = useEc2((s) => s.regions[w.account]);
  const [images, setImages] = useState<Ec2Image[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [name, setName] = useState(w.amiQuery.name);
  const q = w.amiQuery;

  useEffect(() => {
    if (w.account) void regionsOf(w.account).catch(() => undefined);
  }, [w.account]);
  useEffect(() => {
    const t = setTimeout(() => {
      if (name !== q.name) up((s) => ({ amiQuery: { ...s.amiQuery, name } }));
    }, 350);
    return () => clearTimeout(t);
  }, [name, q.name, up]);
  useEffect(() => {
    if (!w.account || !w.region || w.region === 'all') return;
    let live = true;
    // Thousands of AMIs page in: a listing for a filter typed over is aborted in the core.
    const listings = new InflightListings();
    setLoading(true); // eslint-disable-line react-hooks/set-state-in-effect -- a fetch starts
    listings
      .call<{ rows: Ec2Image[] }>('ec2.images', {
        account: w.account,
        region: w.region,
        owners: q.owners,
        ...(q.name.trim() ? { name: q.name.trim() } : {}),
        ...(q.architecture ? { architecture: q.architecture } : {}),
        available: true,
      })
      .then(
        (r) => {
          if (!live) return;
          setImages(r.rows); // launchable ones, newest first (the core's rule)
          setError(null);
        },
        (err: unknown) => live && setError(toErrorShape(err)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
      listings.cancelAll();
    };
  }, [w.account, w.region, q.owners, q.name, q.architecture]);

  const regions = knownRegions ?? (w.region ? [w.region] : []);
  return (
    <div className="wizard-content">
      <h3>Where, and from which image</h3>
      <div className="field-row">
        <Field label="Account" htmlFor="w-account">
          <select
            id="w-account"
            className="input"
            value={w.account}
            data-testid="w-account"
            onChange={(e) =>
              up(() => ({ account: e.target.value, image: null, zone: '', groupIds: [] }))
            }
          >
            {accounts.map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Region" htmlFor="w-region">
          <select
            id="w-region"
            className="input mono"
            value={w.region}
            data-testid="w-region"
            onChange={(e) =>
              up(() => ({ region: e.target.value, image: null, zone: '', groupIds: [] }))
            }
          >
            {!regions.includes(w.region) ? (
              <option value={w.region}>{w.region || '—'}</option>
            ) : null}
            {regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="subbar">
        <label className="inline-label">
          Owner
          <OwnerSelect
            owners={q.owners}
            testId="w-ami-owner"
            onChange={(owners) => up((s) => ({ amiQuery: { ...s.amiQuery, owners } }))}
          />
        </label>
        <input
          className="input mono search"
          type="search"
          placeholder="Search AMI names: ubuntu-noble, al2023…"
          aria-label="Search AMIs"
          data-testid="w-ami-search"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select
          className="input"
          aria-label="Architecture"
          value={q.architecture}
          onChange={(e) =>
            up((s) => ({ amiQuery: { ...s.amiQuery, architecture: e.target.value as '' } }))
          }
        >
          <option value="">any arch</option>
          <option value="x86_64">x86_64</option>
          <option value="arm64">arm64</option>
        </select>
        <span className="muted">{loading ? 'Searching…' : `${images.length} AMIs`}</span>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <div className="ami-picker">
        <VirtualTable
          rows={images}
          rowKey={(i) => i.imageId}
          label="AMIs"
          testId="w-ami-table"
          rowTestId={(i) => `w-ami-${i.name}`}
          selected={new Set(w.image ? [w.image.imageId] : [])}
          onRowClick={(i) => up(() => ({ image: i }))}
          empty={
            <span className="muted">
              {loading ? 'Loading…' : 'No AMI matches: try another owner or name.'}
            </span>
          }
          columns={[
            {
              id: 'name',
              label: 'Name',
              width: 'minmax(260px, 3fr)',
              render: (i) => i.name,
              title: (i) => i.description,
              className: 'strong',
            },
            { id: 'id', label: 'AMI', width: '170px', render: (i) => i.imageId, className: 'mono' },
            {
              id: 'arch',
              label: 'Arch',
              width: '70px',
              render: (i) => i.architecture,
              className: 'mono',
            },
            {
              id: 'owner',
              label: 'Owner',
              width: '110px',
              render: (i) => i.ownerAlias || i.ownerId,
            },
            {
              id: 'created',
              label: 'Created',
              width: '142px',
              render: (i) => formatDateTime(i.creationDate),
              className: 'mono',
            },
          ]}
        />
      </div>
      <p className="muted" data-testid="w-ami-chosen">
        {w.image ? (
          <>
            Chosen: <span className="mono">{w.image.imageId}</span> {w.image.name}
          </>
        ) : (
          'Click an AMI to choose it.'
        )}
      </p>
    </div>
  );
}
