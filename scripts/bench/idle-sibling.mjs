// A process that does nothing but measure its own event-loop delay, forked by the relay harness
// for the measurement window: what the machine's load alone (this bench's core, sshd and renderer
// processes plus whatever else runs here) costs any process on it, beside the window process.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const lag = monitorEventLoopDelay({ resolution: 5 });
process.once('message', (m) => {
  lag.enable();
  setTimeout(() => {
    lag.disable();
    const ms = (p) => lag.percentile(p) / 1e6;
    process.send({ p50: ms(50), p99: ms(99), max: lag.max / 1e6 }, () => process.exit(0));
  }, m.seconds * 1000);
});
