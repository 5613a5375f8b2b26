"""cli.py: the commands as a user runs them — output, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import INDICATOR_SETS, SEED, run_cli

SPEC_KEYS = {"format", "project", "scheme", "budget_execution", "indicators", "total",
             "max_total", "grade", "findings"}
BUDGET_KEYS = {"adjusted", "executed", "rate", "weight", "score", "reported_score", "explain"}
INDICATOR_KEYS = {"id", "level1", "level2", "name", "comparator", "target", "unit", "actual",
                  "weight", "score", "status", "explain", "reported_score", "reason"}


def test_score_prints_the_seed_table() -> None:
    run = run_cli("score", str(SEED))
    assert run.code == 0, run.err
    assert "部门预算项目支出绩效自评表（2023年度）" in run.out
    assert "184.2 ÷ 240 × 10 = 7.675 → 7.7" in run.out
    assert "总分：97.7    评价等级：优秀" in run.out
    assert run.out.count("(manual-score-without-actual)") == 3


def test_score_json_has_the_keys_of_the_contract() -> None:
    run = run_cli("score", str(SEED), "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert SPEC_KEYS <= set(data)
    assert set(data) - SPEC_KEYS <= {"scheme_version", "content_hash"}
    assert set(data["budget_execution"]) == BUDGET_KEYS
    assert all(set(item) == INDICATOR_KEYS for item in data["indicators"])
    assert all({"code", "severity", "indicator", "message"} <= set(f) for f in data["findings"])
    assert (data["format"], data["total"], data["grade"]) == ("scoring.result/1", "97.7", "优秀")
    assert data["budget_execution"]["rate"] == "1.0000"
    amount = next(i for i in data["indicators"] if i["name"] == "协议金额")
    assert (amount["score"], amount["status"]) == ("7.7", "partial")


def test_score_with_another_scheme_and_markdown() -> None:
    run = run_cli("score", str(SEED), "--scheme", "mof-2020", "--format", "markdown")
    assert run.code == 0, run.err
    assert "| 协议金额 |" in run.out.replace("  ", " ") or "协议金额" in run.out
    assert "97.68" in run.out


def test_score_writes_atomically_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run = run_cli("score", str(SEED), "--format", "json", "-o", str(out))
    assert run.code == 0 and run.out == ""
    assert json.loads(out.read_text("utf-8"))["total"] == "97.7"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_failed_run_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    out.write_text("previous", "utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators: [1\n", "utf-8")
    run = run_cli("score", str(bad), "-o", str(out))
    assert run.code == 1
    assert out.read_text("utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "r.txt"]


def test_bad_input_is_located_and_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schem: mof-2020\nindicators:\n  - {name: a, weight: 5}\n", "utf-8")
    run = run_cli("score", str(bad))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert f"{bad}:1:1: 未知的键 'schem'（是否应为 'scheme'？） (unknown-key)" in run.err
    # a slip inside a row of an inline case is the row's finding (#15.1), the rest scored
    bad.write_text("scheme: mof-2020\nindicators:\n  - {name: a, wieght: 5}\n", "utf-8")
    run = run_cli("score", str(bad))
    assert (run.code, run.err) == (0, "")
    assert f"{bad}:3:15: [警告] “a”：未知的键 'wieght'（是否应为 'weight'？）" in run.out


def test_missing_file_and_unknown_scheme() -> None:
    run = run_cli("score", "no/such/case.yaml")
    assert (run.code, "Traceback" in run.err) == (1, False)
    assert "no/such/case.yaml: 文件不存在 (file-not-found)" in run.err
    run = run_cli("score", str(SEED), "--scheme", "nosuch-2099")
    assert (run.code, "Traceback" in run.err) == (1, False)
    assert "nosuch-2099" in run.err


def test_usage_errors_exit_2() -> None:
    assert run_cli().code == 2
    assert run_cli("score").code == 2
    assert run_cli("score", str(SEED), "--format", "pdf").code == 2
    assert run_cli("frobnicate").code == 2


def test_check_clean_and_broken_files(tmp_path: Path) -> None:
    run = run_cli("check", str(SEED), *map(str, INDICATOR_SETS.glob("*.yaml")))
    assert run.code == 0, run.err
    assert f"{SEED}: ok" in run.out
    bad = tmp_path / "scheme.yaml"
    bad.write_text("id: x\nextends: mof-2020\nplaces: -1\n", "utf-8")
    run = run_cli("check", str(bad))
    assert run.code == 1
    assert f"{bad}:3:9:" in run.err


def test_a_stdout_that_cannot_hold_chinese_gets_escapes_not_a_traceback() -> None:
    """Standard output in latin-1 (a locale, PYTHONIOENCODING, a redirect on some
    systems): `scoring score` ended in UnicodeEncodeError with a traceback."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    proc = subprocess.run([sys.executable, "-m", "scoring", "score", str(SEED)],
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr[-500:]
    assert b"\\u603b\\u5206\\uff1a97.7" in proc.stdout  # 总分：97.7


def test_schemes_lists_the_builtins() -> None:
    run = run_cli("schemes")
    assert run.code == 0
    assert [line.split()[0] for line in run.out.splitlines()] == ["hubei-2020", "mof-2020",
                                                                   "sichuan-2023"]
    assert "预算执行 10 分; 保留 2 位小数" in run.out
    english = run_cli("schemes", "--lang", "en")  # its words were Chinese whatever --lang
    assert "budget execution 10 points; decimal places 2; reverse ratio" in english.out


def test_a_signal_inside_an_import_ends_as_an_interruption(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C while a module makes a class: Python wraps the KeyboardInterrupt in
    `RuntimeError: Error calling __set_name__`, and a library's bare `except:` may turn it
    into another exception (openpyxl: a TypeError); the run ends as interrupted (130), no
    traceback. An exception without one in its causes is not taken for an interruption."""
    import pytest

    import scoring.cli.main as cli

    def interrupted_import(args: object) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__") from exc

    monkeypatch.setitem(cli.COMMANDS, "score", interrupted_import)
    run = run_cli("score", str(SEED))
    assert run.code == 130 and "Traceback" not in run.err

    def swallowed(args: object) -> int:  # openpyxl's `_convert`: a bare except, a TypeError
        try:
            raise KeyboardInterrupt
        except BaseException:
            raise TypeError("expected <class 'float'>") from None

    monkeypatch.setitem(cli.COMMANDS, "score", swallowed)
    run = run_cli("score", str(SEED))
    assert run.code == 130 and "Traceback" not in run.err

    def broken(args: object) -> int:
        raise RuntimeError("a bug of ours")

    monkeypatch.setitem(cli.COMMANDS, "score", broken)
    with pytest.raises(RuntimeError, match="a bug of ours"):
        cli.main(["score", str(SEED)])
