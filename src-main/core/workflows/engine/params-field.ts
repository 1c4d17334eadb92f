/** A params field's value, when the params are an object (undefined otherwise). */
export function fieldValue(params: unknown, field: string): unknown {
  return typeof params === 'object' && params !== null
    ? (params as Record<string, unknown>)[field]
    : undefined;
}

/** The value of a params field (a sealed reference), when the params are an object holding it. */
export function fieldOf(params: unknown, field: string): string | undefined {
  const v = fieldValue(params, field);
  return typeof v === 'string' ? v : undefined;
}
