// @ts-check
/** An expected failure: the CLI prints its message (no stack) and exits with `exitCode`. */
export class LabError extends Error {
  /**
   * @param {string} message
   * @param {number} [exitCode]
   */
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'LabError';
    this.exitCode = exitCode;
  }
}
