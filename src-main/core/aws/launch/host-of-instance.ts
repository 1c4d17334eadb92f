import type { Host } from '../../../contract';

/** The host of the inventory made from this instance (tag `ec2:<id>`). */
export const hostOfInstance = (hosts: readonly Host[], instanceId: string) =>
  hosts.find((h) => h.tags.includes(`ec2:${instanceId}`));
