import { z } from 'zod';
import { AwsRegionName } from '../ec2';

/** Parameter shapes the EC2 method tables share (ec2-methods.ts, ec2-launch-methods.ts). */

/** Account id or name. */
export const account = z.string().trim().min(1).max(128).describe('AWS account: its name or id');
export const resourceId = (prefix: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${prefix}-[0-9a-zA-Z]+$`), `An id looks like ${prefix}-0123abcd`)
    .describe(`${prefix}-… id`);
export const instanceId = resourceId('i');
/** Which account and region an action touches (region defaults to the account's). */
export const scope = {
  account,
  region: AwsRegionName.optional().describe("region (default: the account's)"),
};
