import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type HaproxyCreatePoolResult,
  type HaproxySection,
} from '../../../src-main/contract';
import { client } from '../../api';
import { Button } from '../../ui/Button';
import { ErrorNote } from '../../ui/ErrorNote';
import { SelectField } from '../../ui/SelectField';
import { TypedConfirm, typedMatches } from '../../ui/TypedConfirm';
import { useAction } from '../../ui/use-action';
import { useHosts } from '../hosts/hosts-store';
import { poolParams, previewFor, type PoolPreview } from './pool-offer-model';
import { TextField } from './wizard-fields';

/** The check user another section of the config already uses for `option mysql-check`. */
export function existingCheckUser(sections: readonly HaproxySection[]): string {
  for (const s of sections)
    for (const c of s.checks) {
      const m = /option mysql-check user (\S+)/.exec(c);
      if (m?.[1]) return m[1];
    }
  return '';
}

const isPool = (s: HaproxySection, name: string) =>
  (s.kind === 'backend' || s.kind === 'listen') && s.name === name;

/**
 * Under the cluster's HAProxy settings: when the proxy has no section of that name, offer to
 * generate the writers' pool — previewed and validated with `haproxy -c` first (a dry run), then,
 * with the section's name typed, installed, reloaded and proven through the stats.
 */
export function PoolOffer({
  proxyHost,
  section,
  master,
  others,
}: {
  proxyHost: string;
  section: string;
  master: string;
  others: readonly string[];
}) {
  const proxyAddress = useHosts((s) => s.hosts.find((h) => h.name === proxyHost)?.address ?? '');
  /** What the proxy's config has, as last read (for the proxy it was read from). */
  const [read, setRead] = useState<{
    proxy: string;
    sections?: HaproxySection[];
    error?: ErrorShape;
  } | null>(null);
  const [open, setOpen] = useState(false);
  const [bind, setBind] = useState('');
  const [checkUser, setCheckUser] = useState('');
  const [othersAs, setOthersAs] = useState<'backup' | 'absent'>('absent');
  /** The last dry run, with the exact params it was made for. */
  const [preview, setPreview] = useState<PoolPreview | null>(null);
  const [typed, setTyped] = useState('');
  const [made, setMade] = useState<HaproxyCreatePoolResult | null>(null);

  useEffect(() => {
    if (!proxyHost) return;
    let live = true;
    client
      .call('haproxy.status', { host: proxyHost })
      .then((s) => {
        if (!live) return;
        setRead({ proxy: proxyHost, sections: s.sections });
        setCheckUser((u) => u || existingCheckUser(s.sections));
      })
      .catch((err: unknown) => live && setRead({ proxy: proxyHost, error: toErrorShape(err) }));
    return () => {
      live = false;
    };
  }, [proxyHost, made]);

  const name = section.trim();
  const params = poolParams({ proxyHost, section, bind, checkUser, othersAs, master, others });
  // A preview is shown — and can be added — only while the form still describes exactly the pool
  // it was made for: proxy, section, bind, check user, master, members and how they join.
  const previewed = previewFor(preview, params);
  const shown = previewed?.result ?? null;
  const plan = useAction(async () => {
    const asked = params;
    const result = await client.call('haproxy.createPool', { ...asked, dryRun: true });
    setPreview({ params: asked, result });
  });
  const create = useAction(async () => {
    if (!previewed) return;
    setMade(
      await client.call('haproxy.createPool', { ...previewed.params, confirm: typed.trim() }),
    );
    setOpen(false);
  });

  if (made && made.section === section.trim())
    return (
      <div className="pool-offer tone-border-ok" data-testid="pool-made" role="status">
        Pool <span className="mono">{made.section}</span> added to {made.configPath} on {made.host},
        reloaded; {made.proof?.name} shows {made.proof?.status}.
      </div>
    );
  if (!proxyHost || !name) return null;
  const current = read?.proxy === proxyHost ? read : null;
  if (current?.error) return <ErrorNote error={current.error} testId="pool-read-error" />;
  if (!current?.sections || current.sections.some((s) => isPool(s, name))) return null;
  return (
    <div className="pool-offer tone-border-warn" data-testid="pool-offer">
      <div>
        HAProxy on {proxyHost} has no backend or listen section “{name}”.
        {open ? null : (
          <>
            {' '}
            <Button className="small" testId="pool-offer-open" onClick={() => setOpen(true)}>
              Generate the writers’ pool…
            </Button>
          </>
        )}
      </div>
      {open ? (
        <>
          <TextField
            id="pool-bind"
            label="Bind (address:port)"
            value={bind}
            placeholder={`${proxyAddress}:3306`}
            hint="Where applications connect for writes."
            onChange={setBind}
          />
          <TextField
            id="pool-check-user"
            label="Check user"
            value={checkUser}
            hint="option mysql-check logs in as this MySQL user (no password, no grants); empty: a bare TCP check, which MySQL counts as connection errors (max_connect_errors) and may block the proxy."
            onChange={setCheckUser}
          />
          <SelectField
            id="pool-others"
            label="Other members"
            value={othersAs}
            options={[
              { value: 'absent', label: `left out (only ${master} takes writes)` },
              { value: 'backup', label: 'backup servers (used only while the master is down)' },
            ]}
            onChange={(v) => setOthersAs(v)}
          />
          {plan.error ? <ErrorNote error={plan.error} testId="pool-plan-error" /> : null}
          {shown ? (
            <>
              <div className="faint">
                To be appended to {shown.configPath}; <b>haproxy -c</b> accepts the whole new
                config:
              </div>
              <pre className="mono pool-preview" data-testid="pool-preview">
                {shown.sectionText}
              </pre>
              {shown.warnings.length ? (
                <ul className="warnings" data-testid="pool-warnings">
                  {shown.warnings.map((w) => (
                    <li key={w}>
                      <span className="dot tone-warn" aria-hidden="true" /> {w}
                    </li>
                  ))}
                </ul>
              ) : null}
              <TypedConfirm
                id="pool-typed"
                prompt={
                  <>
                    Type <span className="mono">{name}</span> to add it and reload HAProxy
                  </>
                }
                accepted={[name]}
                value={typed}
                onChange={setTyped}
                onConfirm={() => void create.run()}
                testId="pool-typed"
              />
              {create.error ? <ErrorNote error={create.error} testId="pool-error" /> : null}
            </>
          ) : null}
          <div className="failover-buttons">
            <Button
              testId="pool-plan"
              busy={plan.busy}
              disabled={!bind.trim()}
              onClick={() => void plan.run()}
            >
              Preview (haproxy -c)
            </Button>
            <Button
              variant="danger"
              testId="pool-create"
              busy={create.busy}
              disabled={!shown || !typedMatches([name], typed)}
              onClick={() => void create.run()}
            >
              Add to {proxyHost} and reload
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
