"""Hostile files named by input (issue 12.3, 12.6): bounded reads, `extends:` depth, NUL paths.

Every file the engine opens goes through `scoring/read/bounded.py`: a device
(`/dev/zero`, `/dev/urandom`), a FIFO (with a writer that never stops, or
with none), a directory is refused as `not-a-file` without being read; a
`/proc` file whose size says 0 (`/proc/self/pagemap` is hundreds of
gigabytes) is read up to the cap and refused as `file-too-large`. Each is
named from a case's `indicator_set:`, a scheme's `extends:`, `--scheme` and
the command line, and run through the CLI in a subprocess limited to 1 GiB
and 20 s (`hostile.run_bounded`). Before, each of them hung or ran out of
memory. `extends:` chains stop at `scheme.MAX_EXTENDS` links with
`extends-too-deep`, whatever their length (10 000 files: no
`RecursionError`); a NUL character in a path is `bad-path` at the place
that names it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED
from hostile import (
    CASE_TEXT,
    Hostile,
    api_score,
    case,
    check_api,
    check_cli,
    run_all,
    run_bounded,
)

from scoring import load_case, load_scheme
from scoring.cli.main import main
from scoring.errors import LoadError
from scoring.load.scheme import MAX_EXTENDS
from scoring.read.bounded import open_bounded, read_bounded

SET_AT = "case.yaml:12:16"  # the value of `indicator_set:` in the seed case
PAGEMAP = "/proc/self/pagemap"  # a regular file of size 0 that reads on for ~256 GiB


def named_set(target: str) -> dict[str, str | bytes]:
    return case(**{"indicator_set: set.yaml": f"indicator_set: {target}"})


def scheme_chain(links: int, first: str = "s0.yaml", last: str = "mof-2020") -> dict[str, str]:
    """`s0.yaml` extends `s1.yaml` … extends `last`: `links` `extends:` in all."""
    files = {f"s{i}.yaml": f"id: s{i}\nextends: s{i + 1}.yaml\n" for i in range(links - 1)}
    files[f"s{links - 1}.yaml"] = f"id: s{links - 1}\nextends: {last}\n"
    return files


def with_scheme(**files: str) -> dict[str, str | bytes]:
    return {**files, **case(**{"project:\n": "scheme: s.yaml\nproject:\n"})}


SPECS = [
    Hostile("set-dev-zero", named_set("/dev/zero"), "not-a-file", SET_AT),
    Hostile("set-dev-urandom", named_set("/dev/urandom"), "not-a-file", SET_AT),
    Hostile("set-directory", named_set("/tmp"), "not-a-file", SET_AT),
    Hostile("set-proc-pagemap", named_set(PAGEMAP), "file-too-large", SET_AT),
    Hostile("set-nul", named_set('"set\\0.yaml"'), "bad-path", SET_AT),
    Hostile("extends-dev-zero", with_scheme(**{"s.yaml": "id: s\nextends: /dev/zero\n"}),
            "not-a-file", "s.yaml:2:10"),
    Hostile("extends-pagemap", with_scheme(**{"s.yaml": f"id: s\nextends: {PAGEMAP}\n"}),
            "file-too-large", "s.yaml:2:10"),
    Hostile("extends-nul", with_scheme(**{"s.yaml": 'id: s\nextends: "a\\0.yaml"\n'}),
            "bad-path", "s.yaml:2:10"),
    Hostile("scheme-dev-zero", case(**{"project:\n": "scheme: /dev/zero\nproject:\n"}),
            "not-a-file", "case.yaml:6:9"),
    Hostile("scheme-nul", case(**{"project:\n": 'scheme: "s\\0.yaml"\nproject:\n'}),
            "bad-path", "case.yaml:6:9"),
    Hostile("cli-dev-zero", {}, "not-a-file", "/dev/zero", ("score", "/dev/zero"),
            lambda d: load_case("/dev/zero")),
    Hostile("cli-directory-csv", {}, "not-a-file", "d.csv", ("score", "d.csv"),
            lambda d: api_score(d / "d.csv")),
    Hostile("cli-directory-xlsx", {}, "not-a-file", "d.xlsx",
            ("score", "d.xlsx"), None),
    Hostile("cli-pagemap", {}, "file-too-large", "t.yaml", ("score", "t.yaml"),
            lambda d: load_case(d / "t.yaml")),
    Hostile("extends-too-deep", {**scheme_chain(MAX_EXTENDS + 1), **case()}, "extends-too-deep",
            f"s{MAX_EXTENDS}.yaml:2:10", ("score", "--scheme", "s0.yaml", "case.yaml"),
            lambda d: load_scheme(d / "s0.yaml")),
    Hostile("extends-10000", {**scheme_chain(10_000), **case()}, "extends-too-deep",
            f"s{MAX_EXTENDS}.yaml:2:10", ("score", "--scheme", "s0.yaml", "case.yaml"),
            lambda d: load_scheme(d / "s0.yaml")),
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    folder = tmp_path_factory.mktemp("reads")
    for name in ("cli-pagemap", "cli-directory-csv/d.csv", "cli-directory-xlsx/d.xlsx"):
        (folder / name).mkdir(parents=True)
    os.symlink(PAGEMAP, folder / "cli-pagemap" / "t.yaml")
    return run_all(SPECS, folder)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_named_file_is_refused_bounded(spec: Hostile, runs: dict) -> None:  # type: ignore[type-arg]
    folder, run = runs[spec.id]
    check_cli(spec, run)
    check_api(spec, folder)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO with a writer that never stops (until the reader goes)."""
    path = tmp_path / "set.yaml"
    os.mkfifo(path)
    writer = subprocess.Popen(["sh", "-c", f"exec yes x > '{path}'"])
    try:
        yield path
    finally:
        writer.kill()
        writer.wait()


def test_fifo_with_endless_writer_is_refused(fifo: Path) -> None:
    (fifo.parent / "case.yaml").write_text(CASE_TEXT, "utf-8")
    for args in (("score", "case.yaml"), ("score", "set.yaml")):
        run = run_bounded(args, fifo.parent)
        assert run.code == 1, run.err
        assert run.err.strip().endswith("(not-a-file)"), run.err
        assert "Traceback" not in run.err
    with pytest.raises(LoadError) as err:
        load_case(fifo.parent / "case.yaml")
    assert str(err.value.diagnostics[0].location) == str(fifo.parent / SET_AT)


def test_fifo_without_writer_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    os.mkfifo(path)
    for args in (("score", "t.csv"), ("score", "--scheme", "t.csv", "x.yaml")):
        run = run_bounded(args, tmp_path)
        assert run.code == 1 and "(not-a-file)" in run.err, run.err


def test_cap_holds_when_size_lies(tmp_path: Path) -> None:
    """At most cap + 1 bytes are read from a file whose size says less (a /proc file)."""
    with pytest.raises(LoadError) as err:
        read_bounded("/proc/self/maps", 100)
    assert err.value.diagnostics[0].code == "file-too-large"
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a: 1\n")
    with open_bounded(path, 10) as handle:
        path.write_bytes(b"a: 1\n" * 100)  # grows after the size was judged
        with pytest.raises(LoadError) as err:
            handle.read()
    assert err.value.diagnostics[0].code == "file-too-large"
    assert read_bounded(path, 500) == b"a: 1\n" * 100


def test_nul_in_a_cli_argument_is_a_located_error(capsys: pytest.CaptureFixture[str]) -> None:
    """No argv can hold a NUL (execve), so the CLI is called in-process."""
    assert main(["score", "a\x00b.yaml"]) == 1
    err = capsys.readouterr().err
    assert "(bad-path)" in err and "Traceback" not in err
    with pytest.raises(LoadError) as caught:
        load_case("a\x00b.yaml")
    assert caught.value.diagnostics[0].code == "bad-path"
    for command, out in (("score", "out\x00.json"), ("batch", "out\x00.csv")):  # -o with NUL
        assert main([command, "-o", out, str(SEED)]) == 1
        err = capsys.readouterr().err
        assert "NUL" in err and "Traceback" not in err


def test_extends_chain_at_the_cap_is_accepted(tmp_path: Path) -> None:
    for name, text in scheme_chain(MAX_EXTENDS).items():
        (tmp_path / name).write_text(text, "utf-8")
    assert load_scheme(tmp_path / "s0.yaml").places == load_scheme("mof-2020").places


def test_lone_cr_in_a_quoted_cell_moves_no_later_place(tmp_path: Path) -> None:
    """Issue 12.11: `csv` ends a line at a lone `\\r`, an editor does not when it is inside
    a quoted cell; the places after it are the editor's lines."""
    from conftest import ROOT

    seed = (ROOT / "cases/tables/000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv")
    lines = seed.read_bytes().decode("gb18030").splitlines()
    assert lines[2].endswith(",10,10,,,")
    lines[2] = lines[2][:-len(",,,")] + ',"超额\r完成",,'
    text = "\n".join(lines) + "\n" + "2023招商引资,x,y\n"  # a ragged row on the last line
    (tmp_path / "t.csv").write_text(text, "utf-8")
    last = text.count("\n")
    run = run_bounded(("score", "t.csv"), tmp_path)
    assert run.code == 1
    assert run.err.startswith(f"t.csv:{last}:"), run.err
    with pytest.raises(LoadError) as err:
        api_score(tmp_path / "t.csv")
    assert {d.location.line for d in err.value.diagnostics} == {last}
