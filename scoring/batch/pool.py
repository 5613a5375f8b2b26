"""Batch (processes): worker processes supervised one by one, replies in task order.

Used by `scoring batch` (`batch/run.py`) and by `score_many`/`audit_many`
(`batch.py`). Each worker is a process with its own pipe and takes one task
at a time: the main process sends a task only to an idle worker and waits on
every busy worker's pipe *and* its process at once
(`multiprocessing.connection.wait`). So nothing is shared between workers (no
queue whose lock a dying worker could hold), and a worker that dies — killed
by SIGKILL, the kernel's OOM killer, a crash — is seen at once: the run stops
with `WorkerLost`, naming the task that was lost, instead of waiting forever
(as `multiprocessing.Pool` does when a worker is killed mid-task).

Signals: this module installs no signal handler (an embedding program, a
notebook or a Dask worker keeps its own). A worker that gets Ctrl-C or a
SIGTERM the CLI turned into `KeyboardInterrupt` ends quietly. Signals are held
(`pthread_sigmask`) while a worker is forked and while the workers are ended,
so an interruption at any point of start-up or shutdown leaves no worker
behind: whatever ends the generator (its end, an exception, `close()`, an
interrupt) kills and reaps every worker it started.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from ..errors import ScoringError, WorkerLost

A = TypeVar("A")
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")
HELD = {signal.SIGINT, signal.SIGTERM}
SHUTDOWN_SECONDS = 2.0  # an idle worker told to stop has this long before it is killed


@contextmanager
def held_signals() -> Iterator[None]:
    """SIGINT and SIGTERM held for the block (this thread's mask; no handler is set):
    one that arrives meanwhile is delivered when the block ends."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _serve(conn: Connection, mask: set[signal.Signals], inherited: list[Connection],
           start: Callable[[A], S], work: Callable[[S, T], R], arg: A) -> None:
    """A worker: `start(arg)` once, then `work(state, task)` for each task received,
    until the pipe closes. An exception of `work` is sent back to be raised there."""
    try:
        for other in inherited:  # the parent's ends of the other workers' pipes (fork)
            other.close()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # held by the parent for the fork
        state = start(arg)
        while True:
            try:
                task = conn.recv()
            except EOFError:
                return
            try:
                reply: tuple[bool, Any] = (True, work(state, task))
            except Exception as exc:  # raised in the caller, at its task
                reply = (False, _portable(exc))
            conn.send(reply)
    except (KeyboardInterrupt, BrokenPipeError, EOFError):
        return  # interrupted with the parent, or the parent is gone: end quietly


def _portable(exc: Exception) -> Exception:
    """`exc`, or a `ScoringError` saying what it was when it does not survive pickling."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return ScoringError(f"{type(exc).__name__}: {exc}")


class _Worker(Generic[T]):
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.task: tuple[int, T] | None = None


def _describe(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"被信号 {signal.Signals(-code).name} 终止"
        except ValueError:
            return f"被信号 {-code} 终止"
    return "意外退出" if code is None else f"意外退出（退出码 {code}）"


def ordered(start: Callable[[A], S], work: Callable[[S, T], R], arg: A,
            next_task: Callable[[], T | None], jobs: int, window: int,
            name: Callable[[T], str]) -> Generator[tuple[T, R], None, None]:
    """Each task (taken with `next_task` until it gives None) with `work`'s reply, in
    task order, computed in `jobs` worker processes; at most `window` tasks between
    being taken and being yielded. `WorkerLost` (naming the task with `name`) when
    a worker dies; an exception `work` raised is raised here, at its task."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    forked = ctx.get_start_method() == "fork"
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, set())  # this thread's, as it is
    workers: list[_Worker[T]] = []
    try:
        for _ in range(jobs):
            with held_signals():
                ours, theirs = ctx.Pipe()
                # a forked worker holds copies of the parent's ends of the pipes (its own
                # and the others'): closed there, so a worker sees its pipe end
                inherited = [*(w.conn for w in workers), ours] if forked else []
                process = ctx.Process(target=_serve, args=(
                    theirs, mask, inherited, start, work, arg), daemon=True)
                process.start()
                workers.append(_Worker(process, ours))
            theirs.close()
        yield from _run(workers, next_task, window, name)
    finally:
        with held_signals():
            _end(workers)


def _run(workers: list[_Worker[T]], next_task: Callable[[], T | None], window: int,
         name: Callable[[T], str]) -> Iterator[tuple[T, Any]]:
    idle = deque(workers)
    tasks: dict[int, T] = {}
    done: dict[int, tuple[bool, Any]] = {}
    head = taken = 0
    exhausted = False
    while True:
        while idle and not exhausted and taken - head < window:
            task = next_task()
            if task is None:
                exhausted = True
                break
            worker = idle.popleft()
            worker.task, tasks[taken] = (taken, task), task
            taken += 1
            try:
                worker.conn.send(task)
            except OSError:  # the worker is gone: found below, with its task
                pass
        if head in done:
            ok, value = done.pop(head)
            task = tasks.pop(head)
            head += 1
            if not ok:
                raise value
            yield task, value
            continue
        if exhausted and head == taken:
            return
        watched: dict[Any, _Worker[T]] = {w.process.sentinel: w for w in workers}
        watched.update((w.conn, w) for w in workers if w.task is not None)
        for ready in wait(list(watched)):
            worker = watched[ready]
            if worker.task is not None and worker.conn.poll():
                try:
                    done[worker.task[0]] = worker.conn.recv()
                    worker.task = None
                    idle.append(worker)
                    continue
                except (EOFError, OSError):
                    pass
            if not worker.process.is_alive() or worker.task is not None:
                worker.process.join(SHUTDOWN_SECONDS)
                what = name(worker.task[1]) if worker.task else "（空闲时）"
                raise WorkerLost(f"工作进程 {worker.process.pid} {_describe(worker.process)}"
                                 f"，未完成的工作：{what}")


def _end(workers: list[_Worker[T]]) -> None:
    """Every worker ended and reaped: idle ones told to stop, busy ones killed."""
    for worker in workers:
        if worker.task is not None:
            worker.process.kill()
        worker.conn.close()  # an idle worker reads the end of its pipe and returns
    for worker in workers:
        worker.process.join(SHUTDOWN_SECONDS)
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join()
        worker.process.close()
