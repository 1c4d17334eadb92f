import { lab, labIsUp } from './lab';

/**
 * Vitest global setup for integration tests: bring the lab up (3 hosts, and 2 stock hosts shaped
 * like fresh Debian installs) unless it already runs; take it down afterwards only if this run
 * brought it up.
 */
export default function setup(): () => void {
  const wasUp = labIsUp();
  lab('up', '--hosts', '3', '--stock', '2');
  return () => {
    if (!wasUp) lab('down');
  };
}
