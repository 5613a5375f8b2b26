"""Interrupting `scoring batch` as an operator does, and checking what is left (issue 12.1).

`interrupt_once` starts `python -m scoring batch …` in a process group of its
own (as a terminal, `docker stop` or `systemctl stop` see it), waits until the
CLI has set its SIGTERM handler (read from `/proc/PID/status`: before that the
interpreter is still starting and the default action ends it), then after a
given delay sends the signal to the whole group and measures: the time to
exit, the exit code, whether any process of the group is left, what the output
folder holds, and whether the output is the old one or a complete new one.
`tests/test_hostile_batch.py` runs it many times at random points;
`scripts/batch_interrupt_soak.py` runs it as long as asked.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

OLD = b"the previous output\n"
GRACE = 5.0  # seconds the run has to end after the signal (the bound)


@dataclass(frozen=True)
class Try:
    signal: int
    code: int | None  # None: it did not end within GRACE (then it was killed)
    seconds: float
    signalled: bool  # the signal was sent before the run ended by itself
    left: bool  # a process of the run's group was still there after it ended
    files: list[str]  # what the output's folder holds afterwards
    output: bytes  # the output afterwards
    err: str


def handler_set(pid: int, sig: int) -> bool:
    """Whether process `pid` catches `sig` (its `SigCgt` mask)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (sig - 1) & 1)
    return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a reused id of another user
        return True
    return True


def interrupt_once(args: list[str], folder: Path, output: Path, sig: int, delay: float,
                   cwd: Path) -> Try:
    """Run the batch `args` (writing `output`, in `folder`), signal it after `delay`."""
    output.write_bytes(OLD)
    env = {**os.environ, "TMPDIR": str(folder)}
    proc = subprocess.Popen([sys.executable, "-m", "scoring", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    start = time.monotonic()
    while proc.poll() is None and not handler_set(proc.pid, signal.SIGTERM):
        if time.monotonic() - start > 30:
            break
        time.sleep(0.002)
    time.sleep(delay)
    signalled = proc.poll() is None
    sent = time.monotonic()
    if signalled:
        os.killpg(proc.pid, sig)
    try:
        proc.wait(GRACE)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        code = None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    seconds = time.monotonic() - sent
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    time.sleep(0.05)  # a worker the run failed to reap would still be in the group
    left = group_alive(proc.pid)
    if left:
        os.killpg(proc.pid, signal.SIGKILL)
    return Try(sig, code, seconds, signalled, left, sorted(p.name for p in folder.iterdir()),
               output.read_bytes(), err)
