import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../contract';
import { ec2Refused, mapAwsError } from './errors';

/** An error response the SDK parsed: it has a code and an HTTP status. */
const answered = (code: string, status: number) =>
  new EC2ServiceException({
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 1 },
    message: `${code} from EC2`,
  });

const noAnswer = (code: string) => Object.assign(new Error(`socket hang up (${code})`), { code });

const mapped = (err: unknown) =>
  mapAwsError(err, {
    account: { name: 'prod', auth: 'default-chain' },
    region: 'us-east-1',
    operation: 'RunInstances',
  });

describe('ec2Refused: EC2 said no (nothing launched) vs. the answer may be lost', () => {
  it('a 4xx error response is a refusal (InvalidAMIID.NotFound, VcpuLimitExceeded, UnauthorizedOperation)', () => {
    expect(ec2Refused(answered('InvalidAMIID.NotFound', 400))).toBe(true);
    expect(ec2Refused(answered('VcpuLimitExceeded', 400))).toBe(true);
    expect(ec2Refused(answered('UnauthorizedOperation', 403))).toBe(true);
  });

  it('a 500 InsufficientInstanceCapacity is a refusal', () => {
    expect(ec2Refused(answered('InsufficientInstanceCapacity', 500))).toBe(true);
  });

  it('a 500 InternalError, Unavailable and throttling may have been carried out', () => {
    expect(ec2Refused(answered('InternalError', 500))).toBe(false);
    expect(ec2Refused(answered('Unavailable', 503))).toBe(false);
    expect(ec2Refused(answered('ServiceUnavailable', 503))).toBe(false);
    expect(ec2Refused(answered('RequestLimitExceeded', 503))).toBe(false);
    expect(ec2Refused(answered('IdempotentParameterMismatch', 400))).toBe(false);
  });

  it('no answer (ECONNRESET, a timeout, an abort) is not a refusal', () => {
    expect(ec2Refused(noAnswer('ECONNRESET'))).toBe(false);
    expect(ec2Refused(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(false);
    expect(ec2Refused(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
  });

  it('judges the SDK error behind the OpsdeckError that mapAwsError made', () => {
    expect(ec2Refused(mapped(answered('InvalidAMIID.NotFound', 400)))).toBe(true);
    expect(ec2Refused(mapped(noAnswer('ECONNRESET')))).toBe(false);
    expect(ec2Refused(new OpsdeckError('TIMEOUT', 'x', 'y'))).toBe(false);
  });
});
