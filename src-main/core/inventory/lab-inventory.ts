import { z } from 'zod';

/** The file `scripts/lab/lab up` writes (`.lab/inventory.json`). */
export const LabInventory = z.object({
  version: z.literal(1),
  lab: z.string(),
  sshKey: z.string(),
  hosts: z.array(
    z.object({
      name: z.string(),
      address: z.string(),
      port: z.number().int(),
      user: z.string(),
      hostKeys: z.array(
        z.object({ type: z.string(), publicKey: z.string(), fingerprint: z.string() }),
      ),
      groups: z.array(z.string()).default([]),
      tags: z.array(z.string()).default([]),
      mysql: z
        .object({ port: z.number().int(), adminUser: z.string(), adminPassword: z.string() })
        .optional(),
      profile: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
});
export type LabInventory = z.infer<typeof LabInventory>;
