// @ts-check
/** Progress messages go to stderr so that stdout carries only results. */

/** @param {string} message */
export function progress(message) {
  process.stderr.write(`lab: ${message}\n`);
}
