"""Hostile operators of `scoring batch` (issue 12.1, 12.6, 12.8; 16.5; 14): no hang, no
traceback, no output over an input, no signal handler outside the CLI.

Each class is tried as an operator or a machine would: a worker killed mid-task
(SIGKILL, as the OOM killer does), SIGTERM/SIGINT sent to the whole process
group at random points of a run (`interrupt.py`), `--jobs` past the cores,
`MemoryError`/`RecursionError` in each command, `-o` naming an input by any
name, a folder holding the run's own output and the forms `scoring` exported,
a 4 GiB file in a folder, and the API called from a thread as a Dask worker
calls it. Every CLI run is a subprocess with a time limit, so a hang fails the
test instead of blocking it.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import CASES, ROOT, SEED, run_cli
from hostile import LINE, run_bounded
from interrupt import GRACE, OLD, group_alive, interrupt_once
from shipped import region

from scoring import load_case, score_many
from scoring.batch.run import run_batch
from scoring.batch.scan import scan

TRIES = 100  # signals sent at random points (scripts/batch_interrupt_soak.py: as many as asked)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small region: a flat table of 400 projects (a few chunks) and two case files."""
    folder = tmp_path_factory.mktemp("in")
    region.write_region(folder / "region.csv", 400, seed=5)
    for name in ("anju-2023-investment.yaml", "anju-2023-department.yaml"):
        text = (CASES / name).read_text("utf-8").replace("../indicator_sets",
                                                         str(ROOT / "indicator_sets"))
        (folder / name).write_text(text, "utf-8")
    return folder


def _csv_rows(path: Path) -> int:
    return len(path.read_text("utf-8-sig").splitlines()) - 1


# --- 12.1: a worker that dies ----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_a_killed_worker_stops_the_run_with_exit_1_naming_the_lost_work(tmp_path: Path) -> None:
    """The workers score case files (a flat table is scored in the main process)."""
    folder = tmp_path / "cases"
    folder.mkdir()
    text = SEED.read_text("utf-8").replace("../indicator_sets", str(ROOT / "indicator_sets"))
    for i in range(3000):
        (folder / f"c{i:04d}.yaml").write_text(text, "utf-8")
    out = tmp_path / "out.csv"
    out.write_bytes(OLD)
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "batch", str(folder), "-o",
                             str(out), "--jobs", "2", "--quiet"], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(kids := _children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.5)  # the workers are scoring their first tasks
        os.kill(kids[0], signal.SIGKILL)
        code = proc.wait(timeout=30)  # multiprocessing.Pool waited here forever
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    err = proc.stderr.read() if proc.stderr else ""
    assert code == 1, err
    assert "Traceback" not in err
    assert f"工作进程 {kids[0]} 被信号 SIGKILL 终止" in err and f"{folder}/c" in err, err
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases", "out.csv"]
    assert not group_alive(proc.pid)


KILL_A_WORKER = """
import os, signal, sys
from scoring import load_case, score_many
from scoring.errors import WorkerLost
seed = load_case(sys.argv[1])

def cases():
    for i in range(400):
        if i == 40:
            kids = open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()
            os.kill(int(kids[0]), signal.SIGKILL)
        yield seed

try:
    print(len(list(score_many(cases(), jobs=2, chunksize=4))))
except WorkerLost as exc:
    print("lost:", exc)
"""


def test_score_many_raises_worker_lost_instead_of_waiting_forever() -> None:
    proc = subprocess.run([sys.executable, "-c", KILL_A_WORKER, str(SEED)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.startswith("lost: 工作进程 "), proc.stdout + proc.stderr
    assert "SIGKILL" in proc.stdout and "anju-2023-investment.yaml" in proc.stdout


# --- 12.1: SIGTERM / SIGINT to the process group ---------------------------------------------

def _reference(inputs: Path, folder: Path, suffix: str) -> bytes:
    out = folder / f"reference{suffix}"
    assert run_batch([str(inputs)], str(out), jobs=1, quiet=True) == 0
    return out.read_bytes()


def test_sigterm_and_sigint_to_the_group_end_the_run_cleanly_every_time(
        inputs: Path, tmp_path: Path) -> None:
    """TRIES runs, each signalled at a random point (start-up, workers starting, scoring,
    writing): each ends within GRACE seconds with 130/143 (or 0 had it finished), no
    process of its group left, no temporary file, the old output or the complete new."""
    complete = {s: _reference(inputs, tmp_path, s) for s in (".csv", ".jsonl")}

    def whole(suffix: str, data: bytes) -> bool:
        """The complete output of the run (the workbook's 说明 has the run's date)."""
        if suffix != ".xlsx":
            return data == complete[suffix]
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return book.testzip() is None and "xl/worksheets/sheet1.xml" in book.namelist()

    rng = random.Random(12)
    plans = [(rng.choice((signal.SIGTERM, signal.SIGINT)),
              rng.choice((".csv", ".jsonl", ".xlsx")), rng.randint(2, 8), rng.uniform(0.0, 0.4))
             for _ in range(TRIES)]

    def one(i: int) -> tuple[int, object]:
        sig, suffix, jobs, delay = plans[i]
        folder = tmp_path / f"try{i}"
        folder.mkdir()
        out = folder / f"out{suffix}"
        got = interrupt_once(["batch", str(inputs), "-o", str(out), "--jobs", str(jobs),
                              "--quiet"], folder, out, sig, delay, ROOT)
        return i, got

    with ThreadPoolExecutor(max_workers=2) as pool:
        tries = dict(pool.map(one, range(TRIES)))
    interrupted = 0
    for i, got in tries.items():
        sig, suffix, _, _ = plans[i]
        where = (i, plans[i], got)
        assert got.code is not None and got.seconds < GRACE, where
        assert not got.left, where
        assert got.files == [f"out{suffix}"], where  # no temporary file, openpyxl's neither
        assert "Traceback" not in got.err, where
        if got.code == 0:
            assert whole(suffix, got.output), where
            continue
        assert got.code == 128 + sig, where
        assert got.output == OLD or whole(suffix, got.output), where  # never a partial file
        interrupted += got.output == OLD
    assert interrupted >= TRIES // 2, interrupted  # the random points fall inside the runs


def test_a_signal_while_the_workers_start_leaves_no_orphan(inputs: Path, tmp_path: Path) -> None:
    for i, sig in enumerate((signal.SIGTERM, signal.SIGINT) * 5):
        folder = tmp_path / f"try{i}"
        folder.mkdir()
        out = folder / "out.csv"
        got = interrupt_once(["batch", str(inputs), "-o", str(out), "--jobs", "2", "--quiet"],
                             folder, out, sig, 0.0, ROOT)
        assert got.code == 128 + sig and not got.left and got.output == OLD, got
        assert got.files == ["out.csv"], got


def test_an_interrupt_that_lands_in_a_callback_is_not_lost() -> None:
    """The interpreter runs a signal handler wherever it is, also inside a `__del__` or a
    weakref callback (importlib has one), where an exception is only reported ("Exception
    ignored") and the run would go on: the CLI sends the signal again."""
    from scoring.cli.signals import Signals

    class Dying:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(1000))  # the handler runs here, inside __del__

    with Signals() as signals, pytest.raises(KeyboardInterrupt):
        Dying()
        for _ in range(200):
            time.sleep(0.005)
    assert signals.received == signal.SIGTERM and signals.exit_code() == 143


def test_jobs_above_the_cores_are_clamped_with_a_note(inputs: Path, tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    run = run_cli("batch", str(inputs / "region.csv"), "-o", str(tmp_path / "o.csv"), "--jobs",
                  str(cores + 6), "--quiet")
    assert run.code == 0, run.err
    assert f"--jobs {cores + 6} 超过可用的 CPU 数 {cores}，按 {cores} 个进程运行" in run.err
    assert _csv_rows(tmp_path / "o.csv") == 400


# --- 14: no signal handler outside the CLI ---------------------------------------------------

def test_the_api_sets_no_signal_handler_and_runs_in_a_thread(inputs: Path, tmp_path: Path) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    cases = [load_case(inputs / "anju-2023-investment.yaml")] * 3
    assert len(list(score_many(cases))) == 3
    assert len(list(score_many(cases, jobs=2, chunksize=1))) == 3
    assert run_batch([str(inputs)], str(tmp_path / "a.csv"), jobs=2, quiet=True) == 0
    assert {s: signal.getsignal(s) for s in before} == before
    results: list[object] = []

    def dask_like_worker() -> None:  # a thread, as a Dask worker runs a task
        try:
            results.append(len(list(score_many(cases))))
            results.append(run_batch([str(inputs)], str(tmp_path / "b.csv"), jobs=1, quiet=True))
        except Exception as exc:  # signal.signal raised ValueError in a thread
            results.append(exc)

    thread = threading.Thread(target=dask_like_worker)
    thread.start()
    thread.join(120)
    assert results == [3, 0]


# --- 12.6: MemoryError and RecursionError in every command -----------------------------------

INJECT = """
import sys
import {module} as target
def boom(*args, **kwargs):
    raise {error}()
target.{name} = boom
from scoring.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
COMMANDS = {"score": ("scoring.engine.evaluate", "evaluate"),
            "check": ("scoring.engine.check", "check_file"),
            "audit": ("scoring.review.run", "audit_paths"), "batch": ("scoring.batch.run", "scan")}


@pytest.mark.parametrize("error", ["MemoryError", "RecursionError"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_memory_and_recursion_errors_end_as_one_located_line(command: str, error: str,
                                                             tmp_path: Path) -> None:
    module, name = COMMANDS[command]
    args = [command, str(SEED), *(["-o", str(tmp_path / "o.csv")] if command == "batch" else [])]
    proc = subprocess.run([sys.executable, "-c", INJECT.format(module=module, name=name,
                                                               error=error), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    code = "out-of-memory" if error == "MemoryError" else "too-deep"
    assert len(lines) == 1 and LINE.match(lines[0]), lines
    assert lines[0].startswith(f"{SEED}: ") and lines[0].endswith(f"({code})"), lines
    assert not (tmp_path / "o.csv").exists()


# --- 12.8: the output never replaces an input ------------------------------------------------

@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("command", ["score", "audit", "batch"])
def test_an_output_that_is_an_input_is_a_usage_error(command: str, link: str,
                                                     tmp_path: Path) -> None:
    table = tmp_path / "t.xlsx"  # a form workbook: what all three read and can write
    shutil.copy(CASES / "forms" / "anju-2023-investment.xlsx", table)
    before = table.read_bytes()
    out = table if link == "same" else tmp_path / "o.xlsx"
    if link == "symlink":
        out.symlink_to(table)
    elif link == "hardlink":
        os.link(table, out)
    run = run_cli(command, str(table), "-o", str(out))
    assert run.code == 2, run.err
    assert "是同一个文件，输出不能替换输入" in run.err and "Traceback" not in run.err
    assert table.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"t.xlsx", out.name})


def test_a_folder_run_skips_its_own_previous_output_and_temp_files(inputs: Path,
                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "region"
    shutil.copytree(inputs, folder)
    out = folder / "summary.csv"
    first = run_cli("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert first.code == 0 and _csv_rows(out) == 402, first.err
    (folder / ".summary.csv.0badc0de.tmp").write_text("left by a killed run", "utf-8")
    again = run_cli("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert again.code == 0, again.err
    assert "跳过本次输出文件（及其临时文件）2 个" in again.err, again.err
    assert _csv_rows(out) == 402  # the previous summary was not read as a table


# --- 16.5: forms scoring exported are not counted again ---------------------------------------

def test_a_folder_run_skips_the_forms_scoring_exported_unless_asked(tmp_path: Path) -> None:
    from scoring import evaluate
    from scoring.report.xlsx import render_xlsx

    folder = tmp_path / "dept"
    folder.mkdir()
    case = folder / "anju.yaml"
    case.write_text(SEED.read_text("utf-8").replace("../indicator_sets",
                                                    str(ROOT / "indicator_sets")), "utf-8")
    (folder / "anju.xlsx").write_bytes(render_xlsx(evaluate(load_case(case))))  # as exported
    assert [p.name for p in scan([folder]).files] == ["anju.yaml"]
    run = run_cli("batch", str(folder), "-o", str(tmp_path / "o.csv"))
    assert run.code == 0 and _csv_rows(tmp_path / "o.csv") == 1, run.err
    assert "跳过 scoring 导出的自评表 1 个" in run.err
    run = run_cli("batch", str(folder), "-o", str(tmp_path / "o.csv"), "--include-exports")
    assert run.code == 0 and _csv_rows(tmp_path / "o.csv") == 2, run.err


def test_the_readme_example_counts_each_bundled_project_once(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "scoring batch cases/*.yaml -o 汇总.xlsx --audit" in readme
    out = tmp_path / "o.csv"
    run = run_cli("batch", *sorted(str(p) for p in CASES.glob("*.yaml")), "-o", str(out))
    assert run.code == 0, run.err
    rows = out.read_text("utf-8-sig").splitlines()[1:]
    assert len(rows) == len(list(CASES.glob("*.yaml")))
    folder = run_cli("batch", str(CASES), "-o", str(tmp_path / "all.csv"))
    assert f"跳过 scoring 导出的自评表 {len(list((CASES / 'forms').glob('*.xlsx')))} 个" in \
        folder.err


# --- 12.3: a folder scan never loads a file before its size is known -------------------------

def test_a_huge_file_in_a_folder_is_refused_by_its_size_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "region"
    folder.mkdir()
    (folder / "case.yaml").write_text(SEED.read_text("utf-8").replace(
        "../indicator_sets", str(ROOT / "indicator_sets")), "utf-8")
    for name in ("huge.yaml", "huge.xlsx"):
        with (folder / name).open("wb") as handle:  # sparse: 4 GiB that take no disk
            handle.truncate(4 << 30)
    run = run_bounded(["batch", str(folder), "-o", str(tmp_path / "o.csv"), "--jobs", "1"],
                      tmp_path)  # 1 GiB of address space: reading either would fail
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert "huge.yaml: " in run.err and "(file-too-large)" in run.err, run.err
    assert "huge.xlsx: " in run.err
    assert _csv_rows(tmp_path / "o.csv") == 3
