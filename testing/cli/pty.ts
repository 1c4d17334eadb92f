import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Runs a command in a real pseudo-terminal (Python's pty module: no native Node addon) and plays a
 * conversation: wait for each `expect` text in the output (after the previous one), then type `send`. Returns everything
 * the terminal showed (what a person would see, echo included) and the exit code.
 */
export interface PtyStep {
  expect: string;
  send: string;
}

const DRIVER = String.raw`
import json, os, pty, select, sys, time
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(spec["argv"][0], spec["argv"], {**os.environ, **spec["env"]})
out = b""
pos = 0
def read_until(text, timeout):
    # Only output after the previous match counts: a prompt seen before is not seen again.
    global out, pos
    end = time.time() + timeout
    while text.encode() not in out[pos:]:
        left = end - time.time()
        if left <= 0:
            return False
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            out += chunk
    pos = out.index(text.encode(), pos) + len(text.encode())
    return True
ok = True
for step in spec["steps"]:
    if not read_until(step["expect"], spec["timeout"]):
        ok = False
        break
    os.write(fd, step["send"].encode())
# Drain to the end.
while True:
    r, _, _ = select.select([fd], [], [], spec["timeout"])
    if not r:
        break
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
print(json.dumps({"ok": ok, "code": os.waitstatus_to_exitcode(status), "output": out.decode("utf8", "replace")}))
`;

export async function runInPty(
  argv: string[],
  steps: PtyStep[],
  env: Record<string, string> = {},
  timeoutSec = 60,
): Promise<{ ok: boolean; code: number; output: string }> {
  const spec = JSON.stringify({ argv, steps, env, timeout: timeoutSec });
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', DRIVER, spec], {
    maxBuffer: 10 * 1024 * 1024,
    timeout: (timeoutSec * (steps.length + 2) + 10) * 1000,
  });
  return JSON.parse(stdout) as { ok: boolean; code: number; output: string };
}
