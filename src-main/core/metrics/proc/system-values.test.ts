import { describe, expect, it } from 'vitest';
import { procSample } from '../../../../testing/samples/proc-samples';
import { snapshotOf } from './frame';
import { systemValues } from './system-values';

/** Values between the two recorded samples of a kernel. */
function between(kernel: string, nowMs = 0) {
  const { frames, hello } = procSample(kernel);
  expect(frames).toHaveLength(2);
  const [a, b] = frames.map(snapshotOf);
  return systemValues(a, b!, { nowMs, fallbackSeconds: 1, clockTicks: hello?.clockTicks ?? 100 });
}

describe('SSH collector: /proc parsing and rates on recorded samples', () => {
  it('Linux 4.19 (18-field diskstats): CPU shares, disks, network, memory, filesystems', () => {
    const { values: v, loopCpuPct, sessionCpuPct } = between('linux-4.19', 1_700_000_002_400);
    expect(v['cpu.user']).toBeCloseTo(10);
    expect(v['cpu.system']).toBeCloseTo(6);
    expect(v['cpu.iowait']).toBeCloseTo(4);
    expect(v['cpu.idle']).toBeCloseTo(80);
    expect(v['cpu.steal']).toBe(0);
    expect(v['cpu.busy']).toBeCloseTo(16);
    expect(v['load.1']).toBe(1.6);
    // sda over 2 s of host uptime: 100 reads, 400 writes, 8000/32000 sectors, 1000 ms busy.
    expect(v['disk.read_iops:sda']).toBe(50);
    expect(v['disk.write_iops:sda']).toBe(200);
    expect(v['disk.read_bytes:sda']).toBe(4000 * 512);
    expect(v['disk.write_bytes:sda']).toBe(16000 * 512);
    expect(v['disk.await:sda']).toBeCloseTo(2.2);
    expect(v['disk.util:sda']).toBeCloseTo(50);
    expect(v['disk.util:nvme0n1']).toBeCloseTo(30);
    expect(v['disk.await:nvme0n1']).toBeCloseTo(0.9);
    // Partitions are not charted, an idle-since-boot disk neither; dm and md are.
    expect(Object.keys(v).filter((k) => /sda1|nvme0n1p1|sdb/.test(k))).toEqual([]);
    expect(v['disk.read_iops:dm-0']).toBe(0);
    expect(v['disk.read_iops:md0']).toBe(0);
    expect(v['net.rx_bytes:eth0']).toBe(1_000_000);
    expect(v['net.tx_bytes:eth0']).toBe(500_000);
    expect(v['net.errors:eth0']).toBe(1.5);
    expect(v['net.rx_bytes:docker0']).toBeUndefined();
    expect(v['mem.used']).toBe(3_100_000 * 1024);
    expect(v['mem.used_pct']).toBeCloseTo(38.75);
    expect(v['mem.cached']).toBe(3_400_000 * 1024);
    expect(v['swap.used']).toBe(500_000 * 1024);
    expect(v['fs.used_pct:/']).toBeCloseTo(52.74, 1);
    expect(v['fs.used_pct:/var/lib/mysql']).toBeCloseTo(90, 1);
    expect(v['fs.used_pct:/srv/My Data']).toBe(50); // a mount point with a space
    expect(v['fs.avail:/var/lib/mysql']).toBe(10_480_640 * 1024);
    expect(v['fs.used_pct:/run']).toBeUndefined(); // tmpfs
    expect(v['clock.skew']).toBeCloseTo(-0.4);
    expect(loopCpuPct).toBeCloseTo(0.5);
    expect(sessionCpuPct).toBeCloseTo(0.5);
  });

  it('Linux 3.10 (14-field diskstats, Xen devices) reads the same series', () => {
    const { values: v } = between('linux-3.10');
    expect(v['disk.write_iops:xvda']).toBe(50);
    expect(v['disk.util:xvda']).toBeCloseTo(4);
    expect(v['disk.read_iops:xvdf']).toBe(0);
    expect(v['disk.read_iops:xvda1']).toBeUndefined();
    expect(v['net.rx_bytes:eth0']).toBe(100_000);
    expect(v['cpu.iowait']).toBe(0); // iowait stepped back (1000 → 20): a share of 0, not a reset
    expect(v['mem.available']).toBe(1_990_000 * 1024);
  });

  it('Linux 2.6.32 on i686: 32-bit counters that wrap give the true increase; no MemAvailable', () => {
    const { values: v } = between('linux-2.6.32-i686');
    expect(v['disk.read_iops:sda']).toBe(1000); // 4294967000 → 704
    expect(v['net.rx_bytes:eth0']).toBe(20_000); // 4294960000 → 12704
    expect(v['net.rx_packets:eth0']).toBe(1296);
    // No MemAvailable before 3.14: free + buffers + cache.
    expect(v['mem.available']).toBe(1_000_000 * 1024);
    expect(v['cpu.steal']).toBe(0);
  });

  it('Linux 2.6.18: 7-field partition lines and an 8-field cpu line parse; a missing file is no series', () => {
    const { values: v } = between('linux-2.6.18');
    expect(v['disk.read_iops:hda']).toBe(10);
    expect(v['disk.util:hda']).toBe(1);
    expect(v['net.rx_bytes:eth0']).toBe(100_000);
    expect(v['cpu.busy']).toBeCloseTo((100 * 130) / 980);
    const { frames } = procSample('linux-2.6.18');
    frames[1]!.files.delete('/proc/diskstats');
    const [a, b] = frames.map(snapshotOf);
    const partial = systemValues(a, b!, { nowMs: 0, fallbackSeconds: 10, clockTicks: 100 }).values;
    expect(Object.keys(partial).some((k) => k.startsWith('disk.'))).toBe(false);
    expect(partial['load.1']).toBe(0.2);
  });

  it('Linux 6.18 (recorded: 20-field diskstats, 20 MiB written with O_DIRECT between the samples)', () => {
    const { values: v, loopCpuPct } = between('linux-6.18');
    expect(v['disk.write_bytes:vda']).toBeGreaterThan(10 * 1024 * 1024);
    expect(v['disk.read_iops:zram0']).toBeUndefined(); // never used
    expect(v['fs.used_pct:/']).toBeGreaterThan(0);
    expect(Object.keys(v).filter((k) => k.startsWith('fs.used_pct'))).toEqual(['fs.used_pct:/']);
    expect(loopCpuPct).toBeGreaterThanOrEqual(0);
  });

  it('gives only gauges on the first read, and no rates across a reboot (uptime went back)', () => {
    const { frames } = procSample('linux-4.19');
    const [a, b] = frames.map(snapshotOf);
    const first = systemValues(undefined, a!, { nowMs: 0, fallbackSeconds: 1, clockTicks: 100 });
    expect(first.values['load.1']).toBe(1.5);
    expect(first.values['cpu.busy']).toBeUndefined();
    const rebooted = systemValues(b, a!, { nowMs: 0, fallbackSeconds: 1, clockTicks: 100 });
    expect(rebooted.values['disk.read_iops:sda']).toBeUndefined();
    expect(rebooted.values['mem.used']).toBeDefined();
  });
});
