import { OpsdeckError, type AwsAccount, type ErrorCode } from '../../contract';

/** Where a call went and what it was for: every mapped message names them. */
export interface AwsCallContext {
  account: Pick<AwsAccount, 'name' | 'auth' | 'profile' | 'endpoint'>;
  region: string;
  /** The EC2 API operation, e.g. "TerminateInstances". */
  operation: string;
  /** The resource(s) the call touched, e.g. "i-0abc (web-1)". */
  resource?: string;
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
  cause?: unknown;
  errors?: unknown[];
}

const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
]);
const AUTH_REJECTED = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidAccessKeyId',
]);
const NOT_PERMITTED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);
const ZONE = new Set([
  'InvalidVolume.ZoneMismatch',
  'InvalidZone.NotFound',
  'InvalidAvailabilityZone',
  'InvalidZone.Unavailable',
]);
const DEPENDENCY = new Set([
  'DependencyViolation',
  'VolumeInUse',
  'InvalidSnapshot.InUse',
  'InvalidGroup.InUse',
  'InvalidIPAddress.InUse',
  'InvalidKeyPair.InUse',
  'InvalidNetworkInterface.InUse',
]);
const STATE = new Set([
  'IncorrectState',
  'IncorrectInstanceState',
  'InvalidState',
  'IncorrectSpotRequestState',
  'InvalidVolume.NotAttached',
  'InvalidAttachment.NotFound',
  'OperationNotPermitted',
  'UnsupportedOperation',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
]);

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

function networkCode(err: SdkErrorLike): string | undefined {
  const seen = new Set<unknown>();
  const walk = (e: unknown): string | undefined => {
    if (!e || typeof e !== 'object' || seen.has(e)) return undefined;
    seen.add(e);
    const x = e as SdkErrorLike;
    if (x.code && NETWORK.has(x.code)) return x.code;
    if (x.name === 'TimeoutError' || x.name === 'RequestTimeout') return 'ETIMEDOUT';
    for (const inner of x.errors ?? []) {
      const found = walk(inner);
      if (found) return found;
    }
    return walk(x.cause);
  };
  return walk(err);
}

function where(ctx: AwsCallContext): string {
  return `${ctx.account.name}/${ctx.region}`;
}

function what(ctx: AwsCallContext): string {
  return ctx.resource ? `${ctx.operation} ${ctx.resource}` : ctx.operation;
}

function credentialsHint(account: AwsCallContext['account']): string {
  switch (account.auth) {
    case 'profile':
      return `Check the profile "${account.profile}" in ~/.aws/config; for an SSO profile run \`aws sso login --profile ${account.profile}\`, for assume-role check its source profile.`;
    case 'access-key':
      return 'Check the access key: it may be deactivated or mistyped. Remove the account and add it again with a valid key pair.';
    default:
      return 'Provide credentials the AWS CLI would find (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, `aws configure`, `aws sso login`), or add the account with a named profile or access key.';
  }
}

const make = (code: ErrorCode, message: string, hint: string, cause: unknown) =>
  new OpsdeckError(code, message, hint, { cause });

/**
 * Turn anything the SDK throws into an OpsdeckError whose message names the account, region,
 * operation and resource, and whose hint says what to do next.
 */
export function mapAwsError(err: unknown, ctx: AwsCallContext): OpsdeckError {
  if (err instanceof OpsdeckError) return err;
  const e = (
    typeof err === 'object' && err !== null ? err : { message: String(err) }
  ) as SdkErrorLike;
  const code = e.Code ?? e.name ?? 'Error';
  const awsMessage = clip(e.message ?? code);
  const at = where(ctx);
  const attempts = e.$metadata?.attempts;

  if (code === 'AbortError') {
    return make(
      'CANCELLED',
      `${what(ctx)} in ${at} was cancelled.`,
      'Start it again when ready.',
      err,
    );
  }
  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(awsMessage)) {
    const sso = /sso|token/i.test(awsMessage);
    return make(
      'AWS_CREDENTIALS_MISSING',
      `No usable AWS credentials for account ${ctx.account.name}: ${awsMessage}`,
      sso && ctx.account.profile
        ? `The SSO session of profile "${ctx.account.profile}" is missing or expired: run \`aws sso login --profile ${ctx.account.profile}\` and retry.`
        : credentialsHint(ctx.account),
      err,
    );
  }
  if (THROTTLING.has(code)) {
    return make(
      'AWS_THROTTLED',
      `EC2 throttled ${what(ctx)} in ${at}${attempts ? ` (gave up after ${attempts} attempts)` : ''}.`,
      'The account’s API rate limit is shared with every tool using it. Wait a minute and retry, or narrow the request (one region, fewer resources).',
      err,
    );
  }
  if (NOT_PERMITTED.has(code)) {
    return make(
      'AWS_UNAUTHORIZED',
      `Account ${ctx.account.name} is not allowed to call ec2:${ctx.operation} in ${ctx.region}${ctx.resource ? ` on ${ctx.resource}` : ''}.`,
      `Ask an administrator to allow ec2:${ctx.operation} for these credentials (IAM policy or SCP), or use a profile/role that has it.`,
      err,
    );
  }
  if (AUTH_REJECTED.has(code)) {
    const expired = /Expired/i.test(code);
    return make(
      'AWS_UNAUTHORIZED',
      `EC2 rejected the credentials of account ${ctx.account.name} in ${ctx.region}: ${awsMessage}`,
      expired
        ? `The credentials have expired. ${credentialsHint(ctx.account)}`
        : credentialsHint(ctx.account),
      err,
    );
  }
  if (code === 'OptInRequired' || code === 'InvalidRegion' || code === 'UnknownRegion') {
    return make(
      'AWS_UNAUTHORIZED',
      `Region ${ctx.region} is not enabled for account ${ctx.account.name}: ${awsMessage}`,
      'Enable the region in the AWS console (Account → AWS Regions), or pick another region.',
      err,
    );
  }
  if (ZONE.has(code)) {
    const mismatch = code === 'InvalidVolume.ZoneMismatch';
    return make(
      'AWS_INVALID_ZONE',
      `${what(ctx)} in ${at}: ${awsMessage}`,
      mismatch
        ? 'A volume attaches only to an instance in the same availability zone: create the volume (or restore the snapshot) in the instance’s zone, then attach it.'
        : 'Pick one of the zones listed for this region (opsdeck ec2 zones) whose state is available.',
      err,
    );
  }
  if (DEPENDENCY.has(code)) {
    const hints: Record<string, string> = {
      VolumeInUse:
        'The volume is attached: detach it first (stop the instance or unmount it), then retry.',
      'InvalidSnapshot.InUse':
        'An AMI is registered from this snapshot: deregister that AMI first, then delete the snapshot.',
      'InvalidIPAddress.InUse':
        'The address is associated: disassociate it first, then release it.',
      'InvalidGroup.InUse':
        'Instances or other groups still use this group: move them off it first.',
    };
    return make(
      'AWS_DEPENDENCY_VIOLATION',
      `${what(ctx)} in ${at} is blocked by a dependency: ${awsMessage}`,
      hints[code] ??
        'Another resource still depends on it: remove or detach that dependency first, then retry.',
      err,
    );
  }
  if (code.endsWith('.NotFound') || code === 'InvalidID') {
    return make(
      'AWS_NOT_FOUND',
      `${what(ctx)} in ${at}: ${awsMessage}`,
      'It may have been deleted, or it lives in another region or account: refresh the list and check the region.',
      err,
    );
  }
  if (code === 'Resource.AlreadyAssociated') {
    return make(
      'CONFLICT',
      `${what(ctx)} in ${at}: ${awsMessage}`,
      'The address is associated with another instance: move it (one step), or disassociate it first.',
      err,
    );
  }
  if (code === 'IdempotentParameterMismatch') {
    return make(
      'CONFLICT',
      `${what(ctx)} in ${at}: ${awsMessage}`,
      'That client token was used before with other parameters: the earlier request is the one EC2 keeps. Look for its instances (the tags of that run) instead of launching again.',
      err,
    );
  }
  if (code.endsWith('.Duplicate')) {
    return make(
      'CONFLICT',
      `${what(ctx)} in ${at}: ${awsMessage}`,
      'It already exists: pick another name, or leave the existing one as it is.',
      err,
    );
  }
  if (STATE.has(code)) {
    return make(
      'AWS_INCORRECT_STATE',
      `${what(ctx)} in ${at} is not possible in the current state: ${awsMessage}`,
      'Wait until the resource reaches a state that allows this (refresh the table), then retry.',
      err,
    );
  }
  if (/LimitExceeded$/.test(code) || code === 'InsufficientInstanceCapacity') {
    return make(
      'AWS_LIMIT_EXCEEDED',
      `${what(ctx)} in ${at} hit a limit: ${awsMessage}`,
      'Free some resources of this kind, or ask AWS for a higher quota (Service Quotas console).',
      err,
    );
  }
  if (
    code.endsWith('.Malformed') ||
    code.startsWith('InvalidParameter') ||
    code === 'MissingParameter' ||
    code === 'ValidationError'
  ) {
    return make(
      'INVALID_PARAMS',
      `${what(ctx)} in ${at}: ${awsMessage}`,
      'Correct the value EC2 names and try again.',
      err,
    );
  }
  const net = networkCode(e);
  if (net) {
    const endpoint = ctx.account.endpoint ?? `the EC2 endpoint of ${ctx.region}`;
    return make(
      'AWS_ENDPOINT_UNREACHABLE',
      `Cannot reach ${endpoint} for account ${ctx.account.name} (${net}).`,
      ctx.account.endpoint
        ? 'Check that the custom endpoint URL is right and the service behind it is running.'
        : 'Check the network connection, proxy and DNS of this machine, then retry.',
      err,
    );
  }
  const status = e.$metadata?.httpStatusCode;
  return make(
    'AWS_REQUEST_FAILED',
    `${what(ctx)} in ${at} failed: ${code === 'Error' ? '' : `${code}: `}${awsMessage}`,
    e.$fault === 'server' || (status !== undefined && status >= 500)
      ? 'EC2 had an internal problem; retry in a moment.'
      : 'Check the request against the message above and retry.',
    err,
  );
}

/** Send through `fn`, mapping any failure to an OpsdeckError with context. */
export async function withAwsErrors<T>(ctx: AwsCallContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapAwsError(err, ctx);
  }
}

/** Server-side codes that do not say "no": the request may have been carried out. */
const MAYBE_CARRIED_OUT = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'IdempotentParameterMismatch',
]);
/** 5xx codes that are a definite "no": EC2 launched nothing. */
const REFUSED_5XX =
  /^(Insufficient\w*Capacity|Unsupported|InstanceLimitExceeded|VcpuLimitExceeded)$/;

/**
 * Whether EC2 answered a definite refusal: an error response was received and parsed (it has an
 * HTTP status and a code), and the code says the request was not carried out — any 4xx but a
 * throttle or an idempotency clash, and the capacity/limit 5xx. False for what may have been
 * carried out: network errors and timeouts (no answer), aborts, throttling, InternalError and
 * Unavailable. Walks `cause`, so an OpsdeckError made by mapAwsError is judged by the SDK error.
 */
export function ec2Refused(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const x = e as SdkErrorLike;
    const status = x.$metadata?.httpStatusCode;
    const code = x.Code ?? x.name;
    if (status !== undefined && code && !networkCode(x) && code !== 'AbortError') {
      if (THROTTLING.has(code) || MAYBE_CARRIED_OUT.has(code)) return false;
      if (status >= 400 && status < 500) return true;
      return REFUSED_5XX.test(code);
    }
    e = x.cause;
  }
  return false;
}

/** EC2 resource ids as they appear in its messages (`i-0abc…`, `vol-…`, `snap-…`, …). */
const RESOURCE_ID = /\b(?:i|vol|snap|ami|sg|eipalloc|eni|subnet|vpc|key)-[0-9a-f]{8,17}\b/g;

/**
 * The ids a `*.NotFound` error names as unknown (EC2 lists them in its message: "The instance
 * IDs 'i-1, i-2' do not exist"), restricted to `asked` when given — which of several ids one
 * describe call asked for EC2 does not know. Reads the deepest `cause` that names ids (an
 * OpsdeckError made by mapAwsError keeps the SDK error there). Empty when none names any.
 */
export function unknownIdsOf(err: unknown, asked?: readonly string[]): string[] {
  // The deepest message that names ids: EC2's own (a mapped message also names every id asked).
  const seen = new Set<unknown>();
  let ids: string[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const x = e as SdkErrorLike;
    const named = (x.message ?? '').match(RESOURCE_ID);
    if (named?.length) ids = [...new Set(named)];
    e = x.cause;
  }
  return asked ? ids.filter((id) => asked.includes(id)) : ids;
}
