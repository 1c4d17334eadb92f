import type { z } from 'zod';
import type { Ec2LaunchInput } from '../../../contract';

/**
 * A launch as the core works with it: the contract's input, parsed (defaults applied) — and, for
 * a workflow that must never launch twice, its RunInstances client token (EC2 answers a repeated
 * request with the same token with the reservation it made the first time).
 */
export type LaunchSpec = z.output<typeof Ec2LaunchInput> & { clientToken?: string | undefined };
