"""batch/worker.py: a worker's task — each item scored, or its failure kept as an outcome."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SEED

from scoring.batch.worker import Options, Task, Worker, describe, work


def test_a_task_of_items_gives_an_outcome_each_in_order(write_yaml: Any) -> None:
    bad: Path = write_yaml("bad.yaml", "project: [\n")
    worker = Worker(Options(scheme=None, audit=False, lang="zh", json=True, findings=False))
    task = Task((("yaml", SEED, 0), ("yaml", bad, 0)), 0)
    good, failed = work(worker, task)
    assert not good.failed
    assert {k: good.record[k] for k in ("project", "total", "grade", "status")} == {
        "project": "2023招商引资", "total": "97.7", "grade": "优秀", "status": "ok"}
    assert json.loads(good.json or "")["format"] == "scoring.result/1"
    assert failed.failed and failed.record["status"] == "error"
    assert str(failed.record["problem"]).startswith(f"{bad}:2:1: YAML 语法错误")
    assert json.loads(failed.json or "")["format"] == "scoring.batch-error/1"
    assert describe(task) == f"{SEED}、{bad}"
