// Preloaded into the core process by the relay bench (after the parentPort shim): its own
// event-loop delay, on request.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const lag = monitorEventLoopDelay({ resolution: 5 });
// Listens only once the core entry has (queued messages go to the first listener, as in Electron).
setTimeout(
  () =>
    process.parentPort.on('message', ({ data: m }) => {
      if (m?.type === 'bench-lag-start') {
        lag.reset();
        lag.enable();
      }
      if (m?.type === 'bench-lag-stop') {
        lag.disable();
        const ms = (p) => lag.percentile(p) / 1e6;
        process.parentPort.postMessage({
          type: 'bench-lag',
          p50: ms(50),
          p99: ms(99),
          max: lag.max / 1e6,
        });
      }
    }),
  0,
);
