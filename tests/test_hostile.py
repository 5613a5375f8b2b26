"""Hostile case, indicator-set and scheme files (issue 7): through the CLI and the API.

Each class of bad input is built in a folder and read twice: by the CLI in a
subprocess limited to 1 GiB of address space and 20 s (exit 1, or 2 for a
usage error; one located line per problem, `file:line:col: … (code)`; no
traceback; a few seconds) and by the API (a located `LoadError`, or another
`ScoringError`; never a bare exception). Attacks that would run code leave
a marker file behind if they ever ran; the tests prove it is never created.
The table formats (CSV, XLSX) are in test_hostile_tables.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import (
    CASE_TEXT,
    SET_TEXT,
    Hostile,
    api_score,
    case,
    check_api,
    check_cli,
    expression,
    indicator_set,
    run_all,
    run_bounded,
)

from scoring import evaluate, load_case
from scoring.errors import LoadError
from scoring.load.scheme import load_scheme

LAUGHS = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
                 for p, c in zip("abcdefgh", "bcdefghi", strict=True))
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS
RUN_OS = '!!python/object/apply:os.system ["touch {here}/PWNED"]'
OPEN_FILE = '!!python/object/apply:builtins.open ["{here}/PWNED", "w"]'
SCHEME_A = "id: a\nextends: b.yaml\nplaces: 2\n"
SCHEME_B = "id: b\nextends: a.yaml\n"
SEED_LINES = CASE_TEXT.encode("utf-8")
RANDOM = bytes((i * 131 + 7) % 256 for i in range(6000))  # fixed "random" bytes, NULs included
NO_NUL = bytes(b for b in RANDOM if b)


def _scheme(name: str) -> object:
    return lambda d: load_scheme(d / name)


SPECS = [
    Hostile("alias-bomb", {"case.yaml": BOMB}, "yaml-alias", "case.yaml:2:8"),
    Hostile("deep-nesting", {"case.yaml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n"},
            "too-deep", ("case.yaml:1:68", "case.yaml:1:1003")),  # libyaml ≥ 0.2.6 stops itself
    Hostile("deep-block-nesting", {"case.yaml": "".join(" " * i + "k:\n" for i in range(200))},
            "too-deep", "case.yaml:66:66"),
    Hostile("duplicate-key", case(**{"  initial: 300.00": "  initial: 300.00\n  initial: 1"}),
            "duplicate-key", "case.yaml:15:3"),
    Hostile("python-tag-case", case(**{"project:\n": f"extra: {RUN_OS}\nproject:\n"}),
            "yaml-tag", "case.yaml:6:8"),
    Hostile("python-tag-set", indicator_set("title: 2023招商引资", f"title: {OPEN_FILE}"),
            "yaml-tag", "set.yaml:4:8"),
    Hostile("too-large", {"case.yaml": "a: 1\n" + "#" * (9 << 20) + "\n"}, "file-too-large",
            "case.yaml"),
    Hostile("binary-garbage", {"case.yaml": RANDOM}, "not-text", "case.yaml:2:82"),  # its NUL
    Hostile("binary-without-nul", {"case.yaml": NO_NUL}, "bad-encoding", "case.yaml:1:2"),
    Hostile("latin-1", {"case.yaml": "project: {name: café}\n".encode("latin-1")},
            "bad-encoding", "case.yaml:1:20"),  # the é, counted in characters
    Hostile("mixed-encodings", {"case.yaml": SEED_LINES + "x: 安居\n".encode("gb18030"),
                                "set.yaml": SET_TEXT}, "bad-encoding", "case.yaml:51:4"),
    Hostile("utf-16", {"case.yaml": CASE_TEXT.encode("utf-16")}, "not-text", "case.yaml:1:4"),
    Hostile("nan", case(**{"initial: 300.00": "initial: .nan"}), "bad-number", "case.yaml:14:12"),
    Hostile("infinity", case(**{"群众满意度: 100": "群众满意度: -.inf"}), "bad-number",
            "case.yaml:25:10"),
    Hostile("huge-exponent", case(**{"initial: 300.00": "initial: 1.0e+999999999"}),
            "bad-number", "case.yaml:14:12"),
    Hostile("huge-exponent-as-text", case(**{"群众满意度: 100": '群众满意度: "1e999999999"'}),
            "bad-number", "case.yaml:25:10"),
    Hostile("thousand-digit-cell", case(**{"群众满意度: 100": f'群众满意度: "{"9" * 1000}"'}),
            "bad-number", "case.yaml:25:10"),
    Hostile("nan-as-text", indicator_set("weight: 10}", 'weight: "NaN"}'), "bad-weight",
            "set.yaml:12:94"),
    Hostile("negative-weight", indicator_set("weight: 10}", "weight: -10}"), "bad-weight",
            "set.yaml:12:94"),
    Hostile("text-weight", indicator_set("weight: 10}", "weight: 十分}"), "bad-weight",
            "set.yaml:12:94"),
    Hostile("empty", {"case.yaml": ""}, "empty-document", "case.yaml:1:1"),
    Hostile("only-comments", {"case.yaml": "# nothing\n\n"}, "empty-document", "case.yaml:1:1"),
    Hostile("list-document", {"case.yaml": "- 1\n- 2\n"}, "not-a-mapping", "case.yaml:1:1"),
    Hostile("scalar-document", {"case.yaml": "hello\n"}, "not-a-mapping", "case.yaml:1:1"),
    Hostile("unknown-comparator", indicator_set('comparator: "≥"', 'comparator: "≈"'),
            "bad-comparator", "set.yaml:12:60"),
    Hostile("unknown-key", case(**{"  initial:": "  initail:"}), "unknown-key",
            "case.yaml:14:3"),
    Hostile("missing-indicator-set", case(**{"indicator_set: set.yaml": "indicator_set: no.yaml"}),
            "file-not-found", "case.yaml:12:16"),
    Hostile("self-referencing-set", case(**{"indicator_set: set.yaml":
                                            "indicator_set: case.yaml"}),
            "unknown-key", "case.yaml:12:1"),
    Hostile("missing-scheme", case(**{"project:\n": "scheme: no.yaml\nproject:\n"}),
            "unknown-scheme", "case.yaml:6:9"),
    Hostile("unknown-scheme-id", case(**{"project:\n": "scheme: nosuch-2020\nproject:\n"}),
            "unknown-scheme", "case.yaml:6:9"),
    Hostile("extends-cycle", {**case(**{"project:\n": "scheme: a.yaml\nproject:\n"}),
                              "a.yaml": SCHEME_A, "b.yaml": SCHEME_B},
            "extends-cycle", "b.yaml:2:10"),
    Hostile("extends-itself", {"s.yaml": "id: s\nextends: s.yaml\n", **case()},
            "extends-cycle", "s.yaml:2:10", ("score", "--scheme", "s.yaml", "case.yaml"),
            _scheme("s.yaml")),
    Hostile("unknown-scheme-option", case(), "unknown-scheme", "scoring",
            ("score", "--scheme", "nosuch", "case.yaml"), _scheme("nosuch")),
    Hostile("usage-error", case(), "", "", ("score", "--format", "nope", "case.yaml"), None, 2),
    Hostile("expression-attribute", expression("actual.__class__"), "bad-expression",
            "set.yaml:12:124"),
    Hostile("expression-dunder-import",
            expression("__import__('os').system('touch {here}/PWNED')"), "bad-expression",
            "set.yaml:12:134"),
    Hostile("expression-dunder-name", expression("__builtins__"), "unknown-name",
            "set.yaml:12:118"),
    Hostile("expression-import", expression("import os"), "bad-expression", "set.yaml:12:118"),
    Hostile("expression-open", expression("open('/etc/passwd')"), "unknown-name",
            "set.yaml:12:118"),
    Hostile("expression-huge-power", expression("9 ** 9 ** 9"), "bad-expression",
            "set.yaml:12:123"),
    Hostile("expression-power-of-actual", expression("actual ** 100000"), "bad-expression",
            "set.yaml:12:128"),
    Hostile("expression-huge-string", expression("'a' * 10 ** 9"), "bad-expression",
            "set.yaml:12:118"),
    Hostile("expression-comprehension", expression("[x for x in (1, 2)]"), "bad-expression",
            "set.yaml:12:118"),
    Hostile("expression-lambda", expression("(lambda: 1)()"), "bad-expression",
            "set.yaml:12:119"),
    Hostile("expression-too-long", expression("1 + " * 150 + "1"), "expression-too-long",
            "set.yaml:12:618"),
    Hostile("expression-too-deep", expression("(" * 30 + "actual" + ")" * 30),
            "bad-expression", "set.yaml:12:138"),
    Hostile("expression-not-nesting-unary", expression("-" * 200 + "actual"),
            "bad-expression", "set.yaml:12:159"),
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    return run_all(SPECS, tmp_path_factory.mktemp("hostile"))  # type: ignore[return-value]


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_hostile_input_through_cli_and_api(spec: Hostile, runs: dict) -> None:  # type: ignore[type-arg]
    folder, run = runs[spec.id]
    check_cli(spec, run)
    check_api(spec, folder)
    assert not (folder / "PWNED").exists()


def test_no_attack_left_a_marker(runs: dict) -> None:  # type: ignore[type-arg]
    """The tag and expression attacks would have created PWNED; none did, CLI or API."""
    for folder, _ in runs.values():
        assert not (folder / "PWNED").exists()
    assert "PWNED" in RUN_OS and "{here}" in RUN_OS  # the marker is what they aim at


def test_a_bom_is_not_hostile(tmp_path: Path) -> None:
    """A UTF-8 BOM (Windows Notepad) reads as the same case."""
    folder = Hostile("bom", {"case.yaml": b"\xef\xbb\xbf" + CASE_TEXT.encode(),
                             "set.yaml": SET_TEXT}, "", "").write(tmp_path)
    plain = Hostile("plain", case(), "", "").write(tmp_path)
    assert evaluate(load_case(folder / "case.yaml")).total == evaluate(
        load_case(plain / "case.yaml")).total
    run = run_bounded(("score", "case.yaml"), folder)
    assert run.code == 0 and "Traceback" not in run.err and "97.7" in run.out


def test_indicator_set_outside_the_folder_is_read_as_the_file_it_names(tmp_path: Path) -> None:
    """Paths are the user's: `/etc/passwd` is read as an indicator set, refused as one,
    and nothing of its content is shown."""
    folder = Hostile("outside", case(**{"indicator_set: set.yaml":
                                        "indicator_set: /etc/passwd"}), "", "").write(tmp_path)
    run = run_bounded(("score", "case.yaml"), folder)
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.startswith("/etc/passwd:") and "(not-a-mapping)" in run.err
    assert "root:" not in run.err + run.out
    with pytest.raises(LoadError) as err:
        api_score(folder / "case.yaml")
    assert {d.location.file for d in err.value.diagnostics} == {"/etc/passwd"}


def test_relative_paths_go_up_as_written(tmp_path: Path) -> None:
    """`../` is allowed: the set is found relative to the case file, not the cwd."""
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "set.yaml").write_text(SET_TEXT, "utf-8")
    (tmp_path / "cases").mkdir()
    path = tmp_path / "cases" / "case.yaml"
    path.write_text(CASE_TEXT.replace("indicator_set: set.yaml",
                                      "indicator_set: ../sets/set.yaml"), "utf-8")
    cwd = os.getcwd()
    assert evaluate(load_case(path)).total == evaluate(load_case(
        Hostile("plain", case(), "", "").write(tmp_path) / "case.yaml")).total
    assert os.getcwd() == cwd
