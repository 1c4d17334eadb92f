import { z } from 'zod';

/**
 * Questions the core asks the user (DESIGN: "prompts are events, never dialogs opened by a
 * session"). The GUI answers with a dialog, the CLI on the TTY or from flags, tests from code.
 */
export const PromptRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('host-key'),
    id: z.string(),
    host: z.string(),
    address: z.string(),
    port: z.number(),
    keyType: z.string(),
    fingerprint: z.string(),
    /** Set when a different key was remembered before: a possible man-in-the-middle. */
    previousFingerprint: z.string().optional(),
    expiresAt: z.string(),
  }),
  z.object({
    kind: z.literal('secret'),
    id: z.string(),
    title: z.string(),
    label: z.string(),
    /**
     * vault-unlock: the vault's passphrase; vault-create: a new passphrase for a vault that does
     * not exist yet (a door asks for it twice). Absent: any other secret.
     */
    purpose: z.enum(['vault-unlock', 'vault-create']).optional(),
    expiresAt: z.string(),
  }),
]);
export type PromptRequest = z.infer<typeof PromptRequest>;

export const PromptAnswer = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('host-key'),
    id: z.string(),
    decision: z.enum(['accept-once', 'accept-remember', 'reject']),
  }),
  z.object({
    kind: z.literal('secret'),
    id: z.string(),
    /** null = the user cancelled. */
    value: z.string().max(4096).nullable(),
    remember: z.boolean().default(false),
  }),
]);
export type PromptAnswer = z.infer<typeof PromptAnswer>;
