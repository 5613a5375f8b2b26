"""The command line: parse arguments → public API → render → exit code.

Thin by design (no scoring logic here). Exit codes: 0 success, 1 the input
has problems (diagnostics on stderr as `file:line:col: message (code)`),
2 usage error. Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .engine import evaluate
from .errors import LoadError, ScoringError, format_diagnostic
from .findings import Lang
from .loader import load_case
from .output import write_atomic
from .report import RENDERERS, render
from .report.json import result_to_dict
from .result import Result
from .scheme import builtin_ids, describe, load_scheme

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scoring", description="Score and audit 预算绩效自评表 exactly, with every point "
        "explained.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    score = sub.add_parser("score", help="score cases and print the official 自评表")
    score.add_argument("cases", nargs="+", metavar="CASE", help="case YAML file(s)")
    score.add_argument("--scheme", help="built-in scheme id or scheme file (overrides the case)")
    score.add_argument("--format", default="text", choices=sorted(RENDERERS),
                       help="output format (default: text)")
    score.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    score.add_argument("--lang", default="zh", choices=("zh", "en"),
                       help="language of finding messages")
    check = sub.add_parser("check", help="validate indicator sets, cases and schemes")
    check.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("schemes", help="list the built-in schemes")
    return parser


def _score(args: argparse.Namespace) -> int:
    scheme = load_scheme(args.scheme, Path.cwd()) if args.scheme else None
    results: list[Result] = [evaluate(load_case(path), scheme) for path in args.cases]
    lang: Lang = args.lang
    if args.format == "json":
        dicts: Any = [result_to_dict(r, lang) for r in results]
        text = json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False,
                          indent=2) + "\n"
    else:
        text = "\n".join(render(r, args.format, lang) for r in results)
    _emit(text, args.output)
    return EXIT_OK


def _emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


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


def _schemes(args: argparse.Namespace) -> int:
    rows = [describe(load_scheme(i)) for i in builtin_ids()]
    for row in rows:
        print(f"{row['id']:<14} {row['name']}  (v{row['version']}; 预算执行 {row['budget_weight']}"
              f" 分; 保留 {row['places']} 位小数; 反向 {row['reverse']}; 等级 {row['grades']})")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "score": _score, "check": _check, "schemes": _schemes,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by the `scoring` script)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except LoadError as exc:
        for diag in exc.diagnostics:
            print(format_diagnostic(diag), file=sys.stderr)
        return EXIT_PROBLEMS
    except ScoringError as exc:
        print(f"scoring: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
