import {
  toErrorShape,
  type AwsAccount,
  type ErrorShape,
  type MethodName,
} from '../../../src-main/contract';
import { client } from '../../api';
import { createFeedStore } from '../../ui/feed-store';
import { InflightListings, isCancelled } from './inflight-listings';
import { KINDS, type AnyRow, type Ec2Kind } from './model/kinds';
import { eachLimited, merge, onlyJobs, withSlice, type Job, type Slice } from './model/slices';
import { isTransitional } from './model/tones';

export interface KindData {
  slices: ReadonlyMap<string, Slice<AnyRow>>;
  rows: AnyRow[];
  failed: { account: string; region: string; error: ErrorShape }[];
  /** The scope these rows belong to; another scope starts empty. */
  scopeKey: string;
  loading: boolean;
  /** performance.now() of the fetch's start, first rows, end (shown on hover; read by the bench). */
  startedAt: number;
  firstAt: number | null;
  doneAt: number | null;
  /** An action changed something since: refetch when next shown. */
  stale: boolean;
}

export interface ImageQuery {
  owners: string[];
  name: string;
  architecture: '' | 'x86_64' | 'arm64';
}

interface Ec2State {
  accounts: AwsAccount[];
  /** Account names shown side by side. */
  selected: string[];
  /** A region name, or 'all' (every region of each account, merged). */
  region: string;
  /** Regions of each account (DescribeRegions), for 'all' and the picker. */
  regions: Readonly<Record<string, string[]>>;
  kind: Ec2Kind;
  imageQuery: ImageQuery;
  data: Partial<Record<Ec2Kind, KindData>>;
}

const SCOPE_KEY = 'opsdeck.ec2.scope';

function savedScope(): { selected?: string[]; region?: string; kind?: Ec2Kind } {
  try {
    return JSON.parse(localStorage.getItem(SCOPE_KEY) ?? '{}') as ReturnType<typeof savedScope>;
  } catch {
    return {};
  }
}

const saved = savedScope();

/**
 * The accounts (fetched at start, again on ec2.changed — debounced: a multi-select action emits a
 * burst — and after a reconnect; `loaded`/`error` are theirs), the scope, and each table's rows.
 * The tables are listed on top of each accounts answer (onData): every one is stale, the one on
 * screen is listed again, region by region, as `refetch` says.
 */
export const ec2Feed = createFeedStore({
  initial: {
    accounts: [],
    selected: saved.selected ?? [],
    region: saved.region ?? '',
    regions: {},
    kind: saved.kind && KINDS.some((k) => k.id === saved.kind) ? saved.kind : 'instances',
    imageQuery: { owners: ['self'], name: '', architecture: '' },
    data: {},
  } as Ec2State,
  fetch: () => client.call('ec2.accounts.list', {}),
  toState: (accounts, s) => ({
    accounts,
    selected: s.selected.filter((n) => accounts.some((a) => a.name === n)),
  }),
  events: client,
  topic: 'ec2.changed',
  debounceMs: 300,
  onData: () => invalidate(),
});
export const useEc2 = ec2Feed.use;

function persistScope() {
  const { selected, region, kind } = useEc2.getState();
  try {
    localStorage.setItem(SCOPE_KEY, JSON.stringify({ selected, region, kind }));
  } catch {
    // storage full or disabled: the scope is simply not remembered
  }
}

/** The accounts actually shown: the selection, or the first account when nothing is chosen. */
export function shownAccounts(s: Ec2State): AwsAccount[] {
  const picked = s.accounts.filter((a) => s.selected.includes(a.name));
  return picked.length ? picked : s.accounts.slice(0, 1);
}

/** The region shown: the choice, else the first shown account's default region. */
export function shownRegion(s: Ec2State): string {
  return s.region || shownAccounts(s)[0]?.defaultRegion || 'us-east-1';
}

const extraParams = (kind: Ec2Kind, s: Ec2State): Record<string, unknown> => {
  if (kind !== 'images') return {};
  const q = s.imageQuery;
  return {
    owners: q.owners,
    ...(q.name.trim() ? { name: q.name.trim() } : {}),
    ...(q.architecture ? { architecture: q.architecture } : {}),
  };
};

function scopeKeyOf(kind: Ec2Kind, s: Ec2State): string {
  return JSON.stringify([
    shownAccounts(s).map((a) => a.name),
    shownRegion(s),
    extraParams(kind, s),
  ]);
}

/** Account × region pairs to list; 'all' needs each account's regions (fetched once). */
async function jobsFor(s: Ec2State): Promise<{ jobs: Job[]; failed: Slice<AnyRow>[] }> {
  const region = shownRegion(s);
  const jobs: Job[] = [];
  const failed: Slice<AnyRow>[] = [];
  for (const a of shownAccounts(s)) {
    if (region !== 'all') {
      jobs.push({ account: a.name, region });
      continue;
    }
    try {
      for (const r of await regionsOf(a.name)) jobs.push({ account: a.name, region: r });
    } catch (err) {
      failed.push({ account: a.name, region: 'all regions', rows: [], error: toErrorShape(err) });
    }
  }
  return { jobs, failed };
}

export async function regionsOf(account: string): Promise<string[]> {
  const known = useEc2.getState().regions[account];
  if (known) return known;
  const list = (await client.call('ec2.regions', { account })).map((r) => r.name).sort();
  useEc2.setState((s) => ({ regions: { ...s.regions, [account]: list } }));
  return list;
}

const generations: Partial<Record<Ec2Kind, number>> = {};
/** Each table's listings in flight, cancelled in the core when superseded or left. */
const inflight = new Map<Ec2Kind, InflightListings>();
const REGION_CONCURRENCY = 4;

function listingsOf(kind: Ec2Kind): InflightListings {
  let listings = inflight.get(kind);
  if (!listings) inflight.set(kind, (listings = new InflightListings()));
  return listings;
}

function patch(kind: Ec2Kind, fn: (d: KindData) => Partial<KindData>) {
  useEc2.setState((s) => {
    const d = s.data[kind];
    return d ? { data: { ...s.data, [kind]: { ...d, ...fn(d) } } } : {};
  });
}

/**
 * List one table for the current scope, one account/region at a time (four at once): each slice
 * is shown as it arrives, a failing region becomes a warning and the others still answer.
 */
export async function refetch(kind: Ec2Kind): Promise<void> {
  const s = useEc2.getState();
  if (!s.loaded || s.accounts.length === 0) return;
  // A newer listing supersedes the one in flight: abort it in the core, drop its answers here.
  inflight.get(kind)?.cancelAll();
  const gen = (generations[kind] = (generations[kind] ?? 0) + 1);
  const key = scopeKeyOf(kind, s);
  const prev = s.data[kind];
  const kept = prev && prev.scopeKey === key ? prev : undefined;
  const startedAt = performance.now();
  useEc2.setState((st) => ({
    data: {
      ...st.data,
      [kind]: {
        slices: kept?.slices ?? new Map(),
        rows: kept?.rows ?? [],
        failed: kept?.failed ?? [],
        scopeKey: key,
        loading: true,
        startedAt,
        firstAt: kept ? kept.firstAt : null,
        doneAt: kept ? kept.doneAt : null,
        stale: false,
      },
    },
  }));
  const method = KINDS.find((k) => k.id === kind)!.method as MethodName;
  const extra = extraParams(kind, s);
  const { jobs, failed } = await jobsFor(s);
  if (gen !== generations[kind]) return;
  let slices = onlyJobs(useEc2.getState().data[kind]?.slices ?? new Map(), jobs);
  const order = [...jobs, ...failed];
  for (const f of failed) slices = withSlice(slices, f);
  const publish = () => {
    const m = merge(slices, order);
    patch(kind, (d) => ({
      slices,
      rows: m.rows,
      failed: m.failed,
      firstAt: d.firstAt ?? (m.rows.length ? performance.now() : null),
    }));
  };
  publish();
  await eachLimited(jobs, REGION_CONCURRENCY, async (job) => {
    if (gen !== generations[kind]) return; // superseded: start no more regions
    let slice: Slice<AnyRow>;
    try {
      const result = await listingsOf(kind).call<{ rows: object[] }>(method, { ...job, ...extra });
      slice = { ...job, rows: result.rows.map((r) => ({ ...r, account: job.account }) as AnyRow) };
    } catch (err) {
      if (isCancelled(err)) return;
      slice = { ...job, rows: [], error: toErrorShape(err) };
    }
    if (gen !== generations[kind]) return;
    slices = withSlice(slices, slice);
    publish();
  });
  if (gen !== generations[kind]) return;
  patch(kind, (d) => ({
    loading: false,
    doneAt: performance.now(),
    firstAt: d.firstAt ?? performance.now(),
  }));
}

/** Fetch the accounts now (the tables follow); a failure is the store's `error`. */
export const refetchAccounts = (): Promise<void> => ec2Feed.refetch();

/**
 * Abort these tables' listings in flight (in the core too) and drop their answers; what was shown
 * stays, marked stale so that it is listed again when next on screen.
 */
function cancelKinds(kinds: readonly Ec2Kind[]) {
  for (const kind of kinds) {
    const listings = inflight.get(kind);
    const loading = useEc2.getState().data[kind]?.loading ?? false;
    if (!loading && !listings?.size) continue;
    generations[kind] = (generations[kind] ?? 0) + 1;
    listings?.cancelAll();
    patch(kind, () => ({ loading: false, stale: true }));
  }
}

const ALL_KINDS = KINDS.map((k) => k.id);

/** Whether the EC2 area is on screen (refetch and background refresh only then). */
let visible = false;
export function setEc2Visible(v: boolean): void {
  visible = v;
  if (!v) cancelKinds(ALL_KINDS);
  if (v) {
    const s = useEc2.getState();
    const d = s.data[s.kind];
    if (!d || d.stale || d.scopeKey !== scopeKeyOf(s.kind, s)) void refetch(s.kind);
  }
}

export function showKind(kind: Ec2Kind): void {
  useEc2.setState({ kind });
  persistScope();
  setEc2Visible(visible);
}

export function setScope(p: { selected?: string[]; region?: string }): void {
  useEc2.setState(p);
  persistScope();
  cancelKinds(ALL_KINDS);
  for (const k of KINDS) patchStale(k.id);
  setEc2Visible(visible);
}

export function setImageQuery(q: Partial<ImageQuery>): void {
  useEc2.setState((s) => ({ imageQuery: { ...s.imageQuery, ...q } }));
  if (visible) void refetch('images');
}

function patchStale(kind: Ec2Kind) {
  patch(kind, () => ({ stale: true }));
}

/** Something changed: every table is stale; the one on screen refetches now. */
export function invalidate(): void {
  for (const k of KINDS) patchStale(k.id);
  if (visible) void refetch(useEc2.getState().kind);
}

/** How soon the table on screen should refresh by itself: soon while something is changing. */
export function refreshDelay(kind: Ec2Kind): number {
  const d = useEc2.getState().data[kind];
  if (!d) return 30_000;
  const r = d.rows as unknown as { state?: string; attachments?: { state: string }[] }[];
  const busy = r.some(
    (x) =>
      (x.state !== undefined && isTransitional(x.state)) ||
      x.attachments?.some((a) => isTransitional(a.state)),
  );
  return busy ? 3_000 : 30_000;
}

