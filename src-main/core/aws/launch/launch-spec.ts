import type { z } from 'zod';
import type { Ec2LaunchInput } from '../../../contract';

/** A launch as the core works with it: the contract's input, parsed (defaults applied). */
export type LaunchSpec = z.output<typeof Ec2LaunchInput>;
