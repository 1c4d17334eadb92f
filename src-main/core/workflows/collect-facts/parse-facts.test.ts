import { describe, expect, it } from 'vitest';
import {
  parseDf,
  parseMemInfoMiB,
  parseMysqlVersion,
  parseOsRelease,
  parseUptimeSeconds,
  splitSections,
} from './parse-facts';

// Recorded on Debian 12 and Ubuntu 22.04 hosts.
const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
ID=debian`;

const DF = `Filesystem     1024-blocks     Used Available Capacity Mounted on
/dev/vda        263174212 22541028 227190660      10% /
/dev/nvme1n1    104806400  5242880  99563520       5% /var/lib/mysql
/dev/sdb1          999320      120    930388       1% /mnt/with space`;

describe('collect-facts parsers', () => {
  it('reads the pretty OS name', () => {
    expect(parseOsRelease(DEBIAN_OS_RELEASE)).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease('NAME="CentOS Linux"\nVERSION="7 (Core)"')).toBe('CentOS Linux 7 (Core)');
  });

  it('reads memory and uptime', () => {
    expect(parseMemInfoMiB('MemTotal:       24576000 kB\nMemFree: 1 kB')).toBe(24000);
    expect(parseUptimeSeconds('12345.67 2345.12\n')).toBe(12345);
    expect(parseUptimeSeconds('')).toBe(0);
  });

  it('reads df -P, mount points with spaces included', () => {
    expect(parseDf(DF)).toEqual([
      { device: '/dev/vda', mount: '/', sizeMiB: 257006, usedPct: 10 },
      { device: '/dev/nvme1n1', mount: '/var/lib/mysql', sizeMiB: 102350, usedPct: 5 },
      { device: '/dev/sdb1', mount: '/mnt/with space', sizeMiB: 976, usedPct: 1 },
    ]);
  });

  it('tells MariaDB, MySQL and Percona apart', () => {
    expect(
      parseMysqlVersion(
        '/usr/sbin/mariadbd  Ver 10.11.14-MariaDB-0+deb12u2 for debian-linux-gnu on x86_64 (Debian 12)',
      ),
    ).toEqual({
      version: '10.11.14',
      flavor: 'mariadb',
    });
    expect(
      parseMysqlVersion(
        '/usr/sbin/mysqld  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)',
      ),
    ).toEqual({
      version: '8.0.36',
      flavor: 'mysql',
    });
    expect(
      parseMysqlVersion(
        '/usr/sbin/mysqld  Ver 8.0.35-27 for Linux on x86_64 (Percona Server (GPL), Release 27)',
      ),
    ).toEqual({
      version: '8.0.35-27',
      flavor: 'percona',
    });
    expect(parseMysqlVersion('')).toEqual({});
  });

  it('splits marker-separated script output', () => {
    const s = splitSections('@@a\none\ntwo\n@@b\n@@c\nthree');
    expect(s.get('a')).toBe('one\ntwo');
    expect(s.get('b')).toBe('');
    expect(s.get('c')).toBe('three');
  });
});
