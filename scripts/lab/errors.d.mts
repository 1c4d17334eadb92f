/** Types of errors.mjs for TypeScript callers (tests). */
export declare class LabError extends Error {
  constructor(message: string, exitCode?: number);
  exitCode: number;
}
