import { parseDf, parseMounts } from './parse-df';
import {
  parseCpu,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseNetdev,
  parseProcessCpu,
  parseUptime,
} from './parse-proc';
import type { ProcSnapshot } from './snapshot';

/** One answer of the read loop, split by `@file` (and `@mounts`, `@df`) markers. */
export interface Frame {
  hostTime?: number;
  files: Map<string, string[]>;
}

export interface Hello {
  version: number;
  clockTicks: number;
  pid: number;
}

export function parseHello(line: string): Hello | null {
  const m = /^@hello (\d+) (\d+) (\d+)$/.exec(line.trim());
  return m ? { version: Number(m[1]), clockTicks: Number(m[2]) || 100, pid: Number(m[3]) } : null;
}

/**
 * Reassembles frames from the loop's output, chunk by chunk (a chunk may end mid-line and
 * hold several frames). `onFrame` gets each complete frame; `onHello` the greeting.
 */
export class FrameReader {
  private partial = '';
  private current: Frame = { files: new Map() };
  private section: string[] | undefined;

  constructor(
    private readonly onFrame: (frame: Frame) => void,
    private readonly onHello: (hello: Hello) => void,
  ) {}

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line.startsWith('@')) {
      const [marker, ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (marker) {
        case '@hello': {
          const hello = parseHello(line);
          if (hello) this.onHello(hello);
          return;
        }
        case '@time': {
          const t = Number(arg);
          if (Number.isFinite(t) && t > 0) this.current.hostTime = t;
          return;
        }
        case '@file':
        case '@mounts':
        case '@df':
          this.section = [];
          this.current.files.set(marker === '@file' ? arg : marker.slice(1), this.section);
          return;
        case '@end': {
          const frame = this.current;
          this.current = { files: new Map() };
          this.section = undefined;
          this.onFrame(frame);
          return;
        }
      }
    }
    this.section?.push(line);
  }
}

/** A frame's files parsed into a snapshot; a file the host did not send stays absent. */
export function snapshotOf(frame: Frame): ProcSnapshot {
  const f = (name: string) => frame.files.get(name);
  const has = <T>(name: string, parse: (lines: string[]) => T): T | undefined => {
    const lines = f(name);
    return lines ? parse(lines) : undefined;
  };
  const df = f('df');
  const snapshot: ProcSnapshot = {
    ...(frame.hostTime !== undefined ? { hostTime: frame.hostTime } : {}),
  };
  const uptime = has('/proc/uptime', parseUptime);
  const load = has('/proc/loadavg', parseLoadavg);
  const cpu = has('/proc/stat', parseCpu);
  const mem = has('/proc/meminfo', parseMeminfo);
  const disks = has('/proc/diskstats', parseDiskstats);
  const nets = has('/proc/net/dev', parseNetdev);
  const self = has('self', parseProcessCpu);
  const parent = has('parent', parseProcessCpu);
  return {
    ...snapshot,
    ...(uptime !== undefined ? { uptime } : {}),
    ...(load ? { load } : {}),
    ...(cpu ? { cpu } : {}),
    ...(mem ? { mem } : {}),
    ...(disks ? { disks } : {}),
    ...(nets ? { nets } : {}),
    ...(self ? { self } : {}),
    ...(parent ? { parent } : {}),
    ...(df ? { fs: parseDf(df, parseMounts(f('mounts') ?? [])) } : {}),
  };
}
