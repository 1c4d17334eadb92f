/**
 * The running server's command line, found through its pid file (not pgrep: containers and the
 * lab share a process table, so pgrep may find another host's server). Options there override the
 * option files, and --defaults-file replaces the default ones.
 */

/** Where distributions put the server's pid file. */
export const PID_FILES = [
  '/run/mysqld/mysqld.pid',
  '/var/run/mysqld/mysqld.pid',
  '/run/mariadb/mariadb.pid',
  '/var/run/mariadb/mariadb.pid',
];

/** Prints the running server's arguments, one per line (nothing when none runs / unreadable). */
export const SERVER_ARGS_SCRIPT = `for f in ${PID_FILES.join(' ')}; do if [ -r "$f" ]; then p=$(cat "$f"); if [ -r "/proc/$p/cmdline" ]; then tr '\\000' '\\n' < "/proc/$p/cmdline"; break; fi; fi; done`;

/** Options the running server got on its command line. */
export function serverArgsOf(args: readonly string[]) {
  const opt = (name: string) => {
    const prefix = `--${name}=`;
    const found = args.find((a) => a.replace(/_/g, '-').startsWith(prefix));
    return found?.slice(prefix.length);
  };
  return {
    defaultsFile: opt('defaults-file'),
    extraFile: opt('defaults-extra-file'),
    datadir: opt('datadir'),
    socket: opt('socket'),
  };
}
