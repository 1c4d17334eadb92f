import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canBindMount, inBindMount } from '../../../../testing/core/bind-mount';
import {
  appendLineCommand,
  fstabLine,
  lvmCreate,
  mdadmCreate,
  mkfs,
  parseBlkid,
  parseMdDetail,
  parsePvs,
  readaheadRule,
  setReadahead,
  writeFileCommand,
} from './disk-commands';
import { DiskLayout, layoutProblem, PrepareDisksParams } from '../../../contract';
import { filesystemDevice, layoutNames } from './layout';

const names = layoutNames({ mountpoint: '/var/lib/mysql' });

describe('layout', () => {
  it('names everything after the mountpoint unless named', () => {
    expect(names).toEqual({
      name: 'mysql',
      label: 'mysql',
      mdPath: '/dev/md/mysql',
      vg: 'vg_mysql',
      lv: 'lv_mysql',
      lvPath: '/dev/vg_mysql/lv_mysql',
      dmName: 'vg_mysql-lv_mysql',
    });
    expect(layoutNames({ mountpoint: '/srv/1-Data.files' }).name).toBe('data_files');
    expect(layoutNames({ mountpoint: '/srv/123', name: 'db' }).name).toBe('db');
    expect(layoutNames({ mountpoint: '/srv/123' }).name).toBe('data');
  });

  it('puts the filesystem on the LV, else the array, else the one device', () => {
    const l = (o: object) => DiskLayout.parse({ mountpoint: '/var/lib/mysql', ...o });
    expect(filesystemDevice(l({ lvm: true, raid0: true }), ['/dev/a', '/dev/b'])).toBe(
      '/dev/vg_mysql/lv_mysql',
    );
    expect(filesystemDevice(l({ raid0: true }), ['/dev/a', '/dev/b'])).toBe('/dev/md/mysql');
    expect(filesystemDevice(l({}), ['/dev/a'])).toBe('/dev/a');
    expect(layoutProblem(l({ raid0: true }), 1)).toBe('RAID0 needs at least 2 devices');
    expect(layoutProblem(l({ lvm: true }), 3)).toBeUndefined();
  });

  it('prepare-disks params: layout fits the devices; system paths are refused', () => {
    const p = (o: object) =>
      PrepareDisksParams.safeParse({
        hostId: 'db1',
        devices: ['/dev/sdb'],
        mountpoint: '/data',
        ...o,
      });
    expect(p({}).success).toBe(true);
    expect(p({ devices: ['/dev/sdb', '/dev/sdc'] }).error?.issues[0]?.message).toBe(
      'Several devices need RAID0 or LVM to become one filesystem',
    );
    expect(p({ mountpoint: '/etc' }).success).toBe(false);
    expect(p({ mountpoint: '/data/my data' }).success).toBe(false);
    expect(p({ devices: ['sdb'] }).success).toBe(false);
    expect(p({ chunkKiB: 100 }).success).toBe(false);
    expect(p({ owner: 'mysql:mysql; rm -rf /' }).success).toBe(false);
  });
});

describe('command builders', () => {
  it('mdadm RAID0, LVM (striped only without RAID0; no udev waits where udev is not running)', () => {
    expect(mdadmCreate(names, ['/dev/nvme1n1', '/dev/nvme2n1'], 256)).toBe(
      "mdadm --create '/dev/md/mysql' --level=0 --raid-devices=2 --chunk=256 --metadata=1.2 --name='mysql' --run '/dev/nvme1n1' '/dev/nvme2n1'",
    );
    expect(
      lvmCreate(names, ['/dev/sdb', '/dev/sdc'], { raid0: false, chunkKiB: 256 }, true),
    ).toEqual([
      "pvcreate '/dev/sdb' '/dev/sdc'",
      "vgcreate 'vg_mysql' '/dev/sdb' '/dev/sdc'",
      "lvcreate --yes --wipesignatures y -n 'lv_mysql' -l 100%FREE -i 2 -I 256k 'vg_mysql'",
    ]);
    const onMd = lvmCreate(names, ['/dev/md/mysql'], { raid0: true, chunkKiB: 256 }, false);
    expect(onMd[0]).toBe(
      "pvcreate --config 'activation { udev_sync = 0 udev_rules = 0 }' '/dev/md/mysql'",
    );
    expect(onMd[2]).not.toContain(' -i ');
  });

  it('mkfs never forces, fstab by UUID with noatime and nofail, read-ahead in sectors', () => {
    expect(mkfs('xfs', '/dev/md/mysql', 'mysql')).toBe("mkfs.xfs -L 'mysql' '/dev/md/mysql'");
    expect(mkfs('ext4', '/dev/sdb', 'mysql')).toBe("mkfs.ext4 -q -L 'mysql' '/dev/sdb'");
    expect(fstabLine('u-1', '/var/lib/mysql', 'xfs')).toBe(
      'UUID=u-1 /var/lib/mysql xfs defaults,noatime,nofail 0 2',
    );
    expect(setReadahead('/dev/md/mysql', 128)).toBe("blockdev --setra 256 '/dev/md/mysql'");
    expect(readaheadRule('u-1', 128)).toBe(
      'ACTION=="add|change", SUBSYSTEM=="block", ENV{ID_FS_UUID}=="u-1", ATTR{queue/read_ahead_kb}="128"\n',
    );
  });

  it('parses mdadm --detail --export, blkid -p and pvs', () => {
    expect(
      parseMdDetail(
        'MD_LEVEL=raid0\nMD_DEVICES=2\nMD_METADATA=1.2\nMD_UUID=3aa5b6c7:d8e9f001:12345678:9abcdef0\nMD_DEVNAME=mysql\nMD_DEVICE_dev_loop0_ROLE=0\nMD_DEVICE_dev_loop0_DEV=/dev/loop0\nMD_DEVICE_dev_loop1_ROLE=1\nMD_DEVICE_dev_loop1_DEV=/dev/loop1\n',
      ),
    ).toEqual({
      level: 'raid0',
      raidDevices: 2,
      uuid: '3aa5b6c7:d8e9f001:12345678:9abcdef0',
      members: ['/dev/loop0', '/dev/loop1'],
    });
    expect(parseBlkid('DEVNAME=/dev/sdb\nLABEL=mysql\nUUID=u=1\nTYPE=xfs\n')).toEqual({
      type: 'xfs',
      uuid: 'u=1',
      label: 'mysql',
    });
    expect(parseBlkid('DEVNAME=/dev/sdb\nPTUUID=abc\nPTTYPE=gpt\n')).toEqual({ ptType: 'gpt' });
    expect(parsePvs('  /dev/sdb|vg_mysql\n  /dev/sdc|\n')).toEqual(
      new Map([
        ['/dev/sdb', 'vg_mysql'],
        ['/dev/sdc', ''],
      ]),
    );
  });

  it('appends a line once, with a backup, through a temp file (the real command, locally)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-fstab-'));
    try {
      const f = join(dir, 'fstab');
      writeFileSync(f, '# no trailing newline\nUUID=a / ext4 defaults 0 1');
      const line = "UUID=b /data xfs defaults,noatime,nofail 0 2 # it's";
      const sh = (backup: string) =>
        execFileSync('sh', ['-c', appendLineCommand(f, line, join(dir, backup))]);
      sh('fstab.1.bak');
      expect(readFileSync(f, 'utf8')).toBe(
        `# no trailing newline\nUUID=a / ext4 defaults 0 1\n${line}\n`,
      );
      expect(readFileSync(join(dir, 'fstab.1.bak'), 'utf8')).toBe(
        '# no trailing newline\nUUID=a / ext4 defaults 0 1',
      );
      sh('fstab.2.bak');
      expect(
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l === line),
      ).toHaveLength(1);
      expect(readdirSync(dir).sort()).toEqual(['fstab', 'fstab.1.bak']);
      // A file that does not exist yet (mdadm.conf on RHEL) is created.
      const conf = join(dir, 'mdadm.conf');
      execFileSync('sh', [
        '-c',
        appendLineCommand(conf, 'ARRAY /dev/md/x UUID=1', join(dir, 'x.bak')),
      ]);
      expect(readFileSync(conf, 'utf8')).toBe('ARRAY /dev/md/x UUID=1\n');
      execFileSync('sh', ['-c', writeFileCommand(join(dir, 'rule'), readaheadRule('u', 64))]);
      expect(readFileSync(join(dir, 'rule'), 'utf8')).toBe(readaheadRule('u', 64));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Root in a private mount namespace (as the lab and CI run): a bind-mounted /etc/fstab, as the
  // lab's hosts and containers have, cannot be renamed over (EBUSY).
  it.runIf(canBindMount('disk-commands test'))(
    'writes a bind-mounted file in place (rename gives EBUSY), keeping the backup and no temp file',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'opsdeck-fstab-'));
      try {
        const [f, source] = [join(dir, 'fstab'), join(dir, 'fstab.source')];
        writeFileSync(f, 'machine\n');
        writeFileSync(source, '# UNCONFIGURED FSTAB FOR BASE SYSTEM\n');
        const line = 'UUID=b /data xfs defaults,noatime,nofail 0 2';
        const inNamespace = (cmd: string) => {
          const r = inBindMount(source, f, cmd);
          expect(r.status, r.stderr).toBe(0);
        };
        inNamespace(appendLineCommand(f, line, join(dir, 'fstab.bak')));
        expect(readFileSync(source, 'utf8')).toBe(
          `# UNCONFIGURED FSTAB FOR BASE SYSTEM\n${line}\n`,
        );
        expect(readFileSync(join(dir, 'fstab.bak'), 'utf8')).toBe(
          '# UNCONFIGURED FSTAB FOR BASE SYSTEM\n',
        );
        inNamespace(writeFileCommand(f, 'whole\n'));
        expect(readFileSync(source, 'utf8')).toBe('whole\n');
        // The file under the mount is not the one written; no temp file is left.
        expect(readFileSync(f, 'utf8')).toBe('machine\n');
        expect(readdirSync(dir).sort()).toEqual(['fstab', 'fstab.bak', 'fstab.source']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  // A mount point whose in-place write truncates the file, then fails (disk full, I/O error):
  // bash functions stand in for mv (EBUSY), mountpoint (yes) and the cat that writes the temp
  // file; `extra` runs when the mount point is found (to take the backup away, say).
  describe('an in-place write that fails after truncating', () => {
    const run = (f: string, backup: string, catFails: 'temp' | 'all', extra = '') => {
      const fakes = [
        'mv() { return 1; }',
        `mountpoint() { ${extra} return 0; }`,
        catFails === 'all'
          ? 'cat() { return 1; }'
          : 'cat() { if [ "$2" = "$t" ]; then return 1; fi; command cat "$@"; }',
      ].join('\n');
      return spawnSync(
        'bash',
        ['-c', `${fakes}\n${appendLineCommand(f, 'UUID=b /data xfs defaults 0 2', backup)}`],
        {
          encoding: 'utf8',
        },
      );
    };
    const setup = () => {
      const dir = mkdtempSync(join(tmpdir(), 'opsdeck-fstab-'));
      const f = join(dir, 'fstab');
      writeFileSync(f, 'UUID=a / ext4 defaults 0 1\n');
      return { dir, f, backup: join(dir, 'fstab.opsdeck-1.bak') };
    };

    it('puts the backup back and says so, leaving no temp file', () => {
      const { dir, f, backup } = setup();
      try {
        const r = run(f, backup, 'temp');
        expect(r.status).toBe(1);
        expect(r.stderr).toBe(
          `opsdeck: could not write ${f} in place (it is a mount point); restored from ${backup}\n`,
        );
        expect(readFileSync(f, 'utf8')).toBe('UUID=a / ext4 defaults 0 1\n');
        expect(readdirSync(dir).sort()).toEqual(['fstab', 'fstab.opsdeck-1.bak']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('makes the backup before writing when it is not there any more', () => {
      const { dir, f, backup } = setup();
      try {
        const r = run(f, backup, 'temp', `rm -f -- ${JSON.stringify(backup)};`);
        expect(r.stderr).toContain(`restored from ${backup}`);
        expect(readFileSync(f, 'utf8')).toBe('UUID=a / ext4 defaults 0 1\n');
        expect(readFileSync(backup, 'utf8')).toBe('UUID=a / ext4 defaults 0 1\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('says the file may be damaged, and where the backup is, when it cannot put it back', () => {
      const { dir, f, backup } = setup();
      try {
        const r = run(f, backup, 'all');
        expect(r.status).toBe(1);
        expect(r.stderr).toBe(
          `opsdeck: could not write ${f} in place (it is a mount point), nor put its backup back: it may be truncated or partial; restore it from ${backup}\n`,
        );
        expect(readFileSync(f, 'utf8')).toBe('');
        expect(readFileSync(backup, 'utf8')).toBe('UUID=a / ext4 defaults 0 1\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('leaves the file untouched when it cannot make the copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-fstab-'));
    try {
      const f = join(dir, 'fstab');
      writeFileSync(f, 'UUID=a / ext4 defaults 0 1\n');
      const cmd = appendLineCommand(
        f,
        'UUID=b /data xfs defaults 0 2',
        join(dir, 'no-such-dir', 'x.bak'),
      );
      expect(() => execFileSync('sh', ['-c', cmd], { stdio: 'ignore' })).toThrow();
      expect(readFileSync(f, 'utf8')).toBe('UUID=a / ext4 defaults 0 1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
