// @ts-check
/** Which loopback /24s a lab may use (`OPSDECK_LAB_NET`). No I/O. */
import { LabError } from './errors.mjs';

/**
 * The net itself if it can hold a lab, else a usage LabError saying which nets to use.
 * @param {string} net
 */
export function checkLabNet(net) {
  if (!/^127\.(\d{1,3})\.(\d{1,3})$/.test(net) || net.split('.').some((o) => Number(o) > 255)) {
    throw new LabError(`OPSDECK_LAB_NET must look like 127.X.Y (a /24 on loopback), not ${net}`, 2);
  }
  // Its .1 is the machine's own 127.0.0.1: db1 would take 127.0.0.1:3306 and :22, which the stock
  // hosts' `--bind-loopback` tests and everything local on this machine need.
  if (net === '127.0.0') {
    throw new LabError(
      "OPSDECK_LAB_NET=127.0.0 is refused: its .1 is the machine's own 127.0.0.1 (db1 would take 127.0.0.1:3306 and :22 from everything local). Use another 127.X.Y, one per lab on this machine: e.g. 127.0.10 (the default), 127.0.20, 127.1.0.",
      2,
    );
  }
  return net;
}
