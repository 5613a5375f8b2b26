"""The command line: parse arguments → public API → render → exit code.

Thin by design (no scoring logic here). Exit codes: 0 success, 1 the input
has problems (diagnostics on stderr as `file:line:col: message (code)`),
2 usage error. Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import LoadError, ScoringError, format_diagnostic
from .findings import Lang
from .output import OutputError, write_atomic
from .report import BINARY_FORMATS, RENDERERS, render_many
from .result import Result
from .scheme import builtin_ids, describe, load_scheme

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scoring", description="Score and audit 预算绩效自评表 exactly, with every point "
        "explained.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    score = sub.add_parser("score", help="score cases and print the official 自评表")
    score.add_argument("cases", nargs="+", metavar="CASE", help="case YAML or CSV/XLSX file(s)")
    score.add_argument("--scheme", help="built-in scheme id or scheme file (overrides the case)")
    score.add_argument("--format", default="text", choices=sorted(RENDERERS),
                       help="output format (default: text)")
    score.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    score.add_argument("--publish", action="store_true",
                       help="exactly the official form: no review, findings, paths or hash")
    score.add_argument("--lang", default="zh", choices=("zh", "en"),
                       help="language of finding messages")
    check = sub.add_parser("check", help="validate indicator sets, cases and schemes")
    check.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("schemes", help="list the built-in schemes")
    schema = sub.add_parser("schema", help="print the JSON Schema of a file kind (for editors)")
    schema.add_argument("kind", choices=("indicator-set", "case", "scheme"))
    audit = sub.add_parser("audit", help="recompute published tables and report what does "
                           "not hold (复核)")
    audit.add_argument("inputs", nargs="+", metavar="CASE|TABLE",
                       help="case YAML with reported values, flat CSV/XLSX, official-form XLSX")
    audit.add_argument("--scheme", help="built-in scheme id or scheme file (overrides the case)")
    audit.add_argument("--format", default="text", choices=("text", "json", "xlsx"),
                       help="text (a reviewer's memo), json or xlsx (default: text)")
    audit.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    audit.add_argument("--lang", default="zh", choices=("zh", "en"),
                       help="language of the memo and the finding messages")
    audit.add_argument("--fail-on", choices=("error", "warning"),
                       help="exit 1 if any finding is this severe or worse (default: exit 0)")
    _batch_parser(sub)
    return parser


def _batch_parser(sub: Any) -> None:
    batch = sub.add_parser("batch", help="score (or audit) many projects: folders of cases, "
                           "flat CSV/XLSX tables, official-form workbooks")
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="folders (searched recursively), case YAML, CSV or XLSX files")
    batch.add_argument("-o", "--output", required=True, metavar="OUT",
                       help="OUT.xlsx (summary workbook), OUT.csv (one row per project) or "
                       "OUT.jsonl (one result per line)")
    batch.add_argument("--scheme", help="built-in scheme id or scheme file (default: each "
                       "case's own; mof-2020 for tables)")
    batch.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: all cores)")
    batch.add_argument("--audit", action="store_true",
                       help="include the audit (复核) of the published scores")
    batch.add_argument("--strict", action="store_true",
                       help="stop at the first project that cannot be scored (exit 1)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar, no summary line")
    batch.add_argument("--lang", default="zh", choices=("zh", "en"),
                       help="language of the finding messages")


def _score(args: argparse.Namespace) -> int:
    from .engine import evaluate
    from .io import iter_cases

    if args.format in BINARY_FORMATS and not args.output and sys.stdout.isatty():
        print(f"scoring: --format {args.format} 是二进制文件，不能输出到终端；请用 -o FILE "
              "指定输出文件（或把标准输出重定向到文件）", file=sys.stderr)
        return EXIT_USAGE
    scheme = load_scheme(args.scheme, Path.cwd()) if args.scheme else None
    results: list[Result] = [evaluate(case, scheme) for path in args.cases
                             for case in iter_cases(Path(path), args.scheme)]
    lang: Lang = args.lang
    _emit(render_many(results, args.format, lang, publish=args.publish), args.output)
    return EXIT_OK


def _emit(data: str | bytes, output: str | None) -> None:
    """Write to `output` atomically, or to stdout (bytes to its binary buffer)."""
    if output:
        write_atomic(output, data)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)


def _check(args: argparse.Namespace) -> int:
    from .inspect import check_file

    problems = 0
    for path in args.files:
        diagnostics = check_file(Path(path))
        for diag in diagnostics:
            print(format_diagnostic(diag), file=sys.stderr)
        problems += sum(d.severity == "error" for d in diagnostics)
        if not any(d.severity == "error" for d in diagnostics):
            print(f"{path}: ok")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return EXIT_OK


def _schemes(args: argparse.Namespace) -> int:
    rows = [describe(load_scheme(i)) for i in builtin_ids()]
    for row in rows:
        print(f"{row['id']:<14} {row['name']}  (v{row['version']}; 预算执行 {row['budget_weight']}"
              f" 分; 保留 {row['places']} 位小数; 反向 {row['reverse']}; 等级 {row['grades']})")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from .batch_run import UsageError, run_batch

    if args.jobs is not None and args.jobs < 1:
        print("scoring batch: --jobs 必须是正整数", file=sys.stderr)
        return EXIT_USAGE
    try:
        return run_batch(args.inputs, args.output, scheme=args.scheme, jobs=args.jobs,
                         audit=args.audit, strict=args.strict, quiet=args.quiet,
                         lang=args.lang)
    except UsageError as exc:
        print(f"scoring batch: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _audit(args: argparse.Namespace) -> int:
    from .audit_run import BINARY_AUDIT_FORMATS, audit_paths, fails, render_audits

    if args.format in BINARY_AUDIT_FORMATS and not args.output and sys.stdout.isatty():
        print(f"scoring: --format {args.format} 是二进制文件，不能输出到终端；请用 -o FILE "
              "指定输出文件（或把标准输出重定向到文件）", file=sys.stderr)
        return EXIT_USAGE
    items = audit_paths(args.inputs, args.scheme)
    _emit(render_audits(items, args.format, args.lang), args.output)
    return EXIT_PROBLEMS if fails(items, args.fail_on) else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "score": _score, "check": _check, "schemes": _schemes, "schema": _schema, "audit": _audit,
    "batch": _batch,
}


def _require_dependencies(args: argparse.Namespace) -> None:
    """A workbook output needs the optional openpyxl: when it is missing, say so once
    (`missing-dependency`, exit 1) before any work, so no output file is begun."""
    if args.command in ("score", "audit"):
        workbook = args.format in BINARY_FORMATS
    elif args.command == "batch":
        workbook = Path(args.output).suffix.lower() == ".xlsx"
    else:
        return
    if workbook:
        from .report.workbook import require_openpyxl

        require_openpyxl(args.output)


def _quiet_leftovers() -> None:
    """After a failed write has been reported: the half-written workbook openpyxl leaves
    complains when collected at exit ("Exception ignored in …"); the user has the message."""
    sys.unraisablehook = lambda _: None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by the `scoring` script)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        _require_dependencies(args)
        return COMMANDS[args.command](args)
    except LoadError as exc:
        for diag in exc.diagnostics:
            print(format_diagnostic(diag), file=sys.stderr)
        return EXIT_PROBLEMS
    except ScoringError as exc:
        print(f"scoring: {exc}", file=sys.stderr)
        if isinstance(exc, OutputError):
            _quiet_leftovers()
        return EXIT_PROBLEMS
    except OSError as exc:  # the system refused: a full disk, a file too large, no access
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"scoring: {where}{exc.strerror or exc}", file=sys.stderr)
        _quiet_leftovers()
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
