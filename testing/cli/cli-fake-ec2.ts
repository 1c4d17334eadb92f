import type { FakeEc2 } from '../aws/fake-ec2';
import { runCli, type CliRun } from './run-cli';

/** The secret of the fake's access key, read by `accounts add --secret-key-env`. */
const SECRET_ENV = 'FAKE_EC2_SECRET';

/**
 * `opsdeck ec2 accounts add fake` with an access key, pointed at the fake EC2 (default region
 * eu-west-1): the account the CLI tests work with.
 */
export function addFakeAccount(home: string, fake: FakeEc2, region = 'eu-west-1'): Promise<CliRun> {
  process.env[SECRET_ENV] = 'fake-secret-access-key';
  return runCli(
    home,
    'ec2',
    'accounts',
    'add',
    'fake',
    '--access-key-id',
    'AKIAFAKE000000000001',
    '--secret-key-env',
    SECRET_ENV,
    '--endpoint',
    fake.endpoint,
    '--region',
    region,
  );
}
