import { DescribeKeyPairsCommand, type KeyPairInfo } from '@aws-sdk/client-ec2';
import type { Ec2KeyPair } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { iso, tagsOf } from '../tags';

export function toKeyPairRow(k: KeyPairInfo, region: string): Ec2KeyPair {
  return {
    region,
    keyName: k.KeyName ?? '',
    keyPairId: k.KeyPairId ?? '',
    fingerprint: k.KeyFingerprint ?? '',
    keyType: k.KeyType ?? '',
    createdAt: iso(k.CreateTime),
    tags: tagsOf(k.Tags),
  };
}

/** DescribeKeyPairs is not paginated: one call returns every pair of the region. */
export function listKeyPairs(scope: AwsScope, keyNames?: string[]): Promise<Ec2KeyPair[]> {
  return inScope(
    scope,
    'DescribeKeyPairs',
    async (client) => {
      const out = await client.send(
        new DescribeKeyPairsCommand(keyNames ? { KeyNames: keyNames } : {}),
        sendOptions(scope),
      );
      return (out.KeyPairs ?? []).map((k) => toKeyPairRow(k, scope.region));
    },
    keyNames?.join(', '),
  );
}
