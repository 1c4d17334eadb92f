import { z } from 'zod';
import { defineMethod } from '../define';
import { secret } from '../secret';
import { PromptAnswer, PromptRequest } from '../prompts';
import { AuditRecord } from '../audit';

/** The app itself, the vault, prompts and the audit trail. */
export const appMethods = {
  'app.info': defineMethod({
    summary: 'Version, door and data folder of this Opsdeck',
    params: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      door: z.enum(['electron', 'web', 'cli']),
      dataDir: z.string(),
      platform: z.string(),
    }),
    events: [],
    mutates: false,
  }),

  'vault.status': defineMethod({
    summary: 'Whether the secret vault is unlocked and which adapter holds it',
    params: z.object({}).strict(),
    result: z.object({
      adapter: z.enum(['safe-storage', 'passphrase-file']),
      unlocked: z.boolean(),
      initialized: z.boolean(),
      /** Why this adapter holds the secrets when another was expected (e.g. no Linux keyring). */
      notice: z.string().optional(),
    }),
    events: [],
    mutates: false,
  }),
  'vault.unlock': defineMethod({
    summary: 'Unlock (or create, the first time) the passphrase-encrypted vault',
    params: z
      .object({ passphrase: secret(z.string().min(8, 'Use at least 8 characters').max(1024)) })
      .strict(),
    result: z.object({ unlocked: z.literal(true), created: z.boolean() }),
    events: ['vault.changed'],
    mutates: true,
  }),
  'vault.lock': defineMethod({
    summary: 'Forget the vault key until the next unlock',
    params: z.object({}).strict(),
    result: z.object({ unlocked: z.literal(false) }),
    events: ['vault.changed'],
    mutates: true,
  }),
  'prompts.pending': defineMethod({
    summary: 'Questions the core is waiting on (for a door that connects late)',
    params: z.object({}).strict(),
    result: z.array(PromptRequest),
    events: [],
    mutates: false,
  }),
  'prompts.answer': defineMethod({
    summary: 'Answer a prompt (host key decision, secret)',
    params: PromptAnswer,
    result: z.object({ accepted: z.boolean() }),
    // Remembering a host key is audited.
    events: ['prompt.closed', 'audit.appended'],
    mutates: true,
  }),
  'audit.list': defineMethod({
    summary:
      'Audit trail of changes made to remote systems, newest first (new records: audit.appended)',
    params: z
      .object({
        limit: z.number().int().min(1).max(5000).default(200).describe('how many records at most'),
        target: z
          .string()
          .max(128)
          .optional()
          .describe('only this target: a host name, aws:<account>/<region>, local'),
        since: z.iso
          .datetime({ offset: true })
          .optional()
          .describe('only records at or after this time (ISO 8601)'),
      })
      .strict(),
    result: z.array(AuditRecord),
    events: [],
    mutates: false,
  }),
} as const;
