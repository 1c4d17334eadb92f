import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { labDir } from '../lab/lab';
import { ebsByIdLink } from '../../src-main/core/workflows/prepare-disks/ebs-devices';

/**
 * Test fixture: loop devices standing in for disks on a lab host, and a guard for what the disk
 * steps change. Each lab host has its own /etc/fstab (the host folder's `fstab`, bind-mounted in
 * its namespace); the rest of /etc and /dev is the machine's (docs/lab.md, "Shared with the
 * machine"), so mdadm.conf, backups beside /etc/fstab and udev rules land on the machine.
 * `restore()` puts the host's fstab and those files back byte for byte and undoes every mount,
 * array, volume group, loop device and link the tests made; `machineFstabChanged()` says whether
 * the machine's own /etc/fstab was touched (it never should be).
 */
export class LoopDisks {
  readonly dir = mkdtempSync('/tmp/opsdeck-disks-');
  private readonly loops: string[] = [];
  private readonly mounts = new Set<string>();
  private readonly arrays = new Set<string>();
  private readonly groups = new Set<string>();
  private readonly links: string[] = [];
  private readonly createdDirs: string[] = [];
  private readonly files = new Map<string, string | null>();
  private readonly extraBefore = new Map<string, Set<string>>();

  /** The host's own /etc/fstab, as a file in its lab folder. */
  readonly hostFstab: string;
  private readonly machineFstab = readFileSync('/etc/fstab', 'utf8');

  /** Files the steps may edit, and the folders where they leave backups or udev rules. */
  constructor(
    private readonly host: string,
    guarded = ['/etc/mdadm/mdadm.conf', '/etc/mdadm.conf'],
    private readonly folders = ['/etc', '/etc/mdadm', '/etc/udev/rules.d'],
  ) {
    this.hostFstab = join(labDir, 'hosts', host, 'fstab');
    if (!this.inHost('findmnt -n /etc/fstab', true).trim() || !existsSync(this.hostFstab))
      throw new Error(
        `Lab host ${host} has no /etc/fstab of its own (a lab from before hosts had one): run scripts/lab/lab up, then the tests again.`,
      );
    this.dropStaleLines();
    for (const f of [this.hostFstab, '/etc/fstab', ...guarded])
      this.files.set(f, existsSync(f) ? readFileSync(f, 'utf8') : null);
    for (const d of folders) this.extraBefore.set(d, new Set(existsSync(d) ? readdirSync(d) : []));
  }

  /** The host's /etc/fstab as the host sees it. */
  fstab(): string {
    return readFileSync(this.hostFstab, 'utf8');
  }

  /** Whether the machine's own /etc/fstab differs from before (lab hosts have their own). */
  machineFstabChanged(): boolean {
    return readFileSync('/etc/fstab', 'utf8') !== this.machineFstab;
  }

  /**
   * What a killed run left on the host: its fstab lines for mountpoints in other fixtures' temp
   * dirs (runs on one lab go one after another), and their mounts. Both are undone.
   */
  private dropStaleLines() {
    const text = readFileSync(this.hostFstab, 'utf8');
    const stale = (l: string) => {
      const at = l.trim().split(/\s+/)[1] ?? '';
      return at.startsWith('/tmp/opsdeck-disks-') && !at.startsWith(`${this.dir}/`) ? at : null;
    };
    const lines = text.split('\n');
    for (const at of lines.map(stale))
      if (at) this.inHost(`umount '${at}' 2>/dev/null; true`, true);
    const kept = lines.filter((l) => !stale(l));
    if (kept.length !== lines.length) writeFileSync(this.hostFstab, kept.join('\n'));
  }

  /** A command inside the lab host's mount namespace (where its mounts are). */
  inHost(command: string, ok = false): string {
    const pid = readFileSync(join(labDir, 'hosts', this.host, 'holder.pid'), 'utf8').trim();
    try {
      return execFileSync('nsenter', ['--target', pid, '--mount', 'sh', '-c', command], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      if (ok) return '';
      throw err;
    }
  }

  /** A sparse file of `mib` MiB on a fresh loop device. */
  loop(mib = 300): string {
    const file = join(this.dir, `disk${this.loops.length}.img`);
    execFileSync('truncate', ['-s', `${mib}M`, file]);
    const dev = execFileSync('losetup', ['--find', '--show', file], { encoding: 'utf8' }).trim();
    this.loops.push(dev);
    return dev;
  }

  /** A directory under the temp dir to mount at (removed again by restore). */
  mountpoint(name: string, files: string[] = []): string {
    const path = join(this.dir, name);
    mkdirSync(path, { recursive: true });
    for (const f of files) writeFileSync(join(path, f), 'not yours\n');
    this.mounts.add(path);
    return path;
  }

  /** What the steps made that restore must undo (an md array, an LVM volume group). */
  track(kind: 'array' | 'group', name: string) {
    (kind === 'array' ? this.arrays : this.groups).add(name);
  }

  /** The by-id link udev makes on Nitro for an EBS volume, pointing at a loop device. */
  ebsLink(volumeId: string, device: string) {
    const link = ebsByIdLink(volumeId);
    for (const d of ['/dev/disk', '/dev/disk/by-id'])
      if (!existsSync(d)) {
        mkdirSync(d);
        this.createdDirs.unshift(d);
      }
    rmSync(link, { force: true });
    symlinkSync(device, link);
    this.links.push(link);
  }

  /** Undo everything, in order; every part runs even when an earlier one fails. */
  restore() {
    const attempt = (fn: () => void) => {
      try {
        fn();
      } catch {
        /* keep cleaning */
      }
    };
    for (const m of this.mounts) attempt(() => this.inHost(`umount ${m} 2>/dev/null; true`));
    for (const vg of this.groups)
      attempt(() =>
        execFileSync('vgremove', ['-f', '--config', 'activation{udev_sync=0 udev_rules=0}', vg], {
          stdio: 'ignore',
        }),
      );
    for (const md of this.arrays)
      attempt(() => execFileSync('mdadm', ['--stop', md], { stdio: 'ignore' }));
    for (const dev of this.loops)
      attempt(() => execFileSync('losetup', ['-d', dev], { stdio: 'ignore' }));
    for (const link of this.links) attempt(() => rmSync(link, { force: true }));
    for (const d of this.createdDirs) attempt(() => rmSync(d, { recursive: true, force: true }));
    for (const [path, content] of this.files)
      attempt(() =>
        content === null ? rmSync(path, { force: true }) : writeFileSync(path, content),
      );
    for (const [folder, before] of this.extraBefore)
      attempt(() => {
        for (const name of existsSync(folder) ? readdirSync(folder) : [])
          if (!before.has(name) && /opsdeck/.test(name))
            rmSync(join(folder, name), { force: true });
      });
    attempt(() => rmSync(this.dir, { recursive: true, force: true }));
  }

  /** The guarded files as they are now (compare with changedFiles(since)). */
  snapshot(): Map<string, string | null> {
    return new Map(
      [...this.files.keys()].map((p) => [p, existsSync(p) ? readFileSync(p, 'utf8') : null]),
    );
  }

  /** Guarded files that differ from a snapshot (default: from before the tests). */
  changedFiles(since: ReadonlyMap<string, string | null> = this.files): string[] {
    return [...since]
      .filter(([path, content]) => {
        const now = existsSync(path) ? readFileSync(path, 'utf8') : null;
        return now !== content;
      })
      .map(([path]) => path);
  }

  /** The same test the preflight makes: md is there, or its module can be loaded. */
  static kernelHasMd(): boolean {
    try {
      execFileSync('sh', ['-c', '[ -e /proc/mdstat ] || modinfo md_mod'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  static kernelHasDm = () => existsSync('/dev/mapper/control');
}
