import type { z } from 'zod';

/**
 * Marks a param as a secret the caller sends and Opsdeck never returns (JSON Schema
 * `writeOnly`): doors must not take it from a place others can read — the derived CLI reads it
 * from an environment variable (`--password-env VAR`), never from the command line.
 */
export const secret = <T extends z.ZodType>(schema: T): T => schema.meta({ writeOnly: true });
