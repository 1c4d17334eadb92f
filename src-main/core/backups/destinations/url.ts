import { OpsdeckError } from '../../../contract';

/** A parsed destination URL (see `DestinationUrl` in the contract). */
export type Destination =
  | { kind: 'file'; url: string; path: string }
  | { kind: 'ssh'; url: string; host: string; path: string }
  | {
      kind: 's3';
      url: string;
      bucket: string;
      prefix: string;
      /** The AWS account (Opsdeck's) whose credentials sign the requests. */
      account: string;
      endpoint?: string;
      region?: string;
      sse?: 'AES256' | 'aws:kms';
      kmsKeyId?: string;
    };

const bad = (url: string, why: string) =>
  new OpsdeckError(
    'INVALID_PARAMS',
    `Destination ${url}: ${why}.`,
    'Use file:///abs/path, ssh://<inventory host>/abs/path or s3://bucket/prefix?account=<AWS account>[&endpoint=URL][&region=R][&sse=AES256|aws:kms][&kms=KEY].',
  );

const cleanPath = (url: string, path: string) => {
  const p = decodeURIComponent(path).replace(/\/+$/, '') || '/';
  if (!p.startsWith('/')) throw bad(url, 'the path must be absolute');
  if (p.split('/').some((s) => s === '..' || s === '.')) throw bad(url, 'no . or .. in the path');
  if (p === '/') throw bad(url, 'the root folder is not a backup folder');
  return p;
};

export function parseDestination(url: string): Destination {
  // URL() would quietly resolve `..`: refuse it in the text as written.
  if (/\/\.\.?(\/|\?|$)/.test(url.replace(/^[a-z0-9]+:\/\//, '/')))
    throw bad(url, 'no . or .. in the path');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad(url, 'not a URL');
  }
  switch (u.protocol) {
    case 'file:':
      if (u.host) throw bad(url, 'file URLs have no host (file:///path)');
      return { kind: 'file', url, path: cleanPath(url, u.pathname) };
    case 'ssh:':
      if (!u.hostname) throw bad(url, 'name the backup host (ssh://host/path)');
      return { kind: 'ssh', url, host: u.hostname, path: cleanPath(url, u.pathname) };
    case 's3:': {
      const bucket = u.hostname;
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw bad(url, 'not a bucket name');
      const account = u.searchParams.get('account');
      if (!account) throw bad(url, 'name the AWS account whose credentials to use (?account=…)');
      const sse = u.searchParams.get('sse') ?? undefined;
      if (sse && sse !== 'AES256' && sse !== 'aws:kms') throw bad(url, 'sse is AES256 or aws:kms');
      const endpoint = u.searchParams.get('endpoint') ?? undefined;
      if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint))
        throw bad(url, 'endpoint is http(s)://host[:port]');
      const region = u.searchParams.get('region') ?? undefined;
      const kmsKeyId = u.searchParams.get('kms') ?? undefined;
      return {
        kind: 's3',
        url,
        bucket,
        prefix: decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, ''),
        account,
        ...(endpoint ? { endpoint } : {}),
        ...(region ? { region } : {}),
        ...(sse ? { sse: sse as 'AES256' | 'aws:kms' } : {}),
        ...(kmsKeyId ? { kmsKeyId } : {}),
      };
    }
    default:
      throw bad(url, `unknown scheme ${u.protocol}`);
  }
}

/** Where one stored file is, as a URL a person can read (query options left out). */
export function locationOf(dest: Destination, name: string): string {
  switch (dest.kind) {
    case 'file':
      return `file://${dest.path}/${name}`;
    case 'ssh':
      return `ssh://${dest.host}${dest.path}/${name}`;
    case 's3':
      return `s3://${dest.bucket}/${dest.prefix ? `${dest.prefix}/` : ''}${name}`;
  }
}

/** The file name a stored location ends in (relative to its destination). */
export function nameIn(dest: Destination, location: string): string {
  const base = locationOf(dest, '');
  if (!location.startsWith(base))
    throw new OpsdeckError(
      'CONFLICT',
      `${location} is not in destination ${dest.url}.`,
      'The catalog entry names another destination; check its record.',
    );
  return location.slice(base.length);
}
