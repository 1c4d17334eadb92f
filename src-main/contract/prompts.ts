import { z } from 'zod';
import { secret } from './secret';

/** The door and connection whose call raised a prompt: a CLI answers only its own. */
const PromptOrigin = z.object({ door: z.string(), session: z.string().optional() }).optional();

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
    origin: PromptOrigin,
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
    origin: PromptOrigin,
  }),
  /** A workflow gate: a run waits for a person to say go on (or stop). */
  z.object({
    kind: z.literal('confirm'),
    id: z.string(),
    runId: z.string(),
    stepId: z.string(),
    childKey: z.string().optional(),
    /** The workflow's title and the run's subject, for a prompt seen outside the run. */
    run: z.string(),
    title: z.string(),
    message: z.string(),
    confirmLabel: z.string(),
    /** When set, the answer must carry exactly this text (e.g. the cluster name). */
    typed: z.string().optional(),
    expiresAt: z.string(),
    origin: PromptOrigin,
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
    value: secret(z.string().max(4096)).nullable(),
    remember: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('confirm'),
    id: z.string(),
    approve: z.boolean(),
    /** The text the gate asked to type, when it asked. */
    typed: z.string().max(256).optional(),
  }),
]);
export type PromptAnswer = z.infer<typeof PromptAnswer>;
