import { z } from 'zod';
import { ERROR_CODES } from './errors';

export const ErrorShapeSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  hint: z.string(),
});
