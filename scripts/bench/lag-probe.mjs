// Preloaded into the core process by the relay bench (after the parentPort shim): its own
// event-loop delay and CPU time, on request.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const lag = monitorEventLoopDelay({ resolution: 5 });
let cpu;
let startedAt = 0;
// Listens only once the core entry has (queued messages go to the first listener, as in Electron).
setTimeout(
  () =>
    process.parentPort.on('message', ({ data: m }) => {
      if (m?.type === 'bench-lag-start') {
        lag.reset();
        lag.enable();
        cpu = process.cpuUsage();
        startedAt = performance.now();
      }
      if (m?.type === 'bench-lag-stop') {
        lag.disable();
        const used = process.cpuUsage(cpu);
        const ms = (p) => lag.percentile(p) / 1e6;
        process.parentPort.postMessage({
          type: 'bench-lag',
          p50: ms(50),
          p99: ms(99),
          max: lag.max / 1e6,
          /** CPU time over the measurement, in % of one core. */
          cpuPct: ((used.user + used.system) / 1e3 / (performance.now() - startedAt)) * 100,
        });
      }
    }),
  0,
);
