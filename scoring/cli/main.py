"""The command line: parse arguments → public API → render → exit code.

Thin by design (no scoring logic here). Exit codes: 0 success, 1 the input
has problems (diagnostics on stderr as `file:line:col: message (code)`),
2 usage error. Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from ..errors import LoadError, OutputError, ScoringError, UsageError, format_diagnostic
from ..load.scheme import builtin_ids, describe, load_scheme
from ..model.findings import Lang
from ..model.result import Result
from ..report import BINARY_FORMATS, render_many
from ..report.output import input_replaced, write_atomic
from ..terminal import for_terminal, say, terminal_width
from .args import FORMATS, Words, choose_format, help_lang, make_parser
from .signals import Signals, exhausted

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
def _choose_format(args: argparse.Namespace, lang: Lang) -> str | None:
    """Set `args.format` from --format or the extension of -o (score, audit); the usage
    message when they disagree or the extension names no format."""
    if args.command not in FORMATS:
        return None
    try:
        args.format = choose_format(args.format, args.output, FORMATS[args.command],
                                    Words(lang))
    except ValueError as exc:
        return f"scoring {args.command}: {exc}"
    return None


def _binary_to_terminal(args: argparse.Namespace, binary: Collection[str]) -> bool:
    """A binary format asked for a terminal: said once, and the command refused."""
    if args.format not in binary or args.output or not sys.stdout.isatty():
        return False
    print("scoring: " + Words(args.lang).message("binary_to_terminal", format=args.format),
          file=sys.stderr)
    return True


def _score(args: argparse.Namespace) -> int:
    from ..engine.evaluate import evaluate
    from ..load.tables import iter_cases

    if _binary_to_terminal(args, BINARY_FORMATS):
        return EXIT_USAGE
    if _replaces_input(args, args.cases):
        return EXIT_USAGE
    scheme = load_scheme(args.scheme, Path.cwd()) if args.scheme else None
    results: list[Result] = [evaluate(case, scheme) for path in args.cases
                             for case in iter_cases(Path(path), args.scheme)]
    lang: Lang = args.lang
    width = terminal_width(sys.stdout) if args.format == "text" and not args.output else None
    _emit(render_many(results, args.format, lang, publish=args.publish, width=width),
          args.output)
    return EXIT_OK


def _emit(data: str | bytes, output: str | None) -> None:
    """Write to `output` atomically, or to stdout (bytes to its binary buffer; text
    through `terminal.for_terminal`: no control character from a cell reaches a
    terminal raw)."""
    if output:
        write_atomic(output, data)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(for_terminal(data))


def _replaces_input(args: argparse.Namespace, inputs: list[str]) -> bool:
    """Say so when `-o` is one of the inputs or the `--scheme` file (the same file, by
    any name): the output never replaces an input (a usage error, exit 2)."""
    named = [*inputs, *([args.scheme] if args.scheme else [])]
    clash = input_replaced(args.output, named) if args.output else None
    if clash is not None:
        print(f"scoring {args.command}: -o {args.output} 与输入文件 {clash} 是同一个文件，"
              "输出不能替换输入", file=sys.stderr)
    return clash is not None


def _check(args: argparse.Namespace) -> int:
    from ..engine.check import check_file

    problems = 0
    for path in args.files:
        diagnostics = check_file(Path(path))
        for diag in diagnostics:
            say(format_diagnostic(diag), sys.stderr)
        problems += sum(d.severity == "error" for d in diagnostics)
        if not any(d.severity == "error" for d in diagnostics):
            say(f"{path}: ok", sys.stdout)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from ..load.schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return EXIT_OK


def _schemes(args: argparse.Namespace) -> int:
    words = Words(args.lang)
    for i in builtin_ids():
        print(words.message("scheme_line", **describe(load_scheme(i))))
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from ..batch.run import run_batch

    if args.jobs is not None and args.jobs < 1:
        print("scoring batch: " + Words(args.lang).message("jobs_positive"), file=sys.stderr)
        return EXIT_USAGE
    try:
        return run_batch(args.inputs, args.output, scheme=args.scheme, jobs=args.jobs,
                         audit=args.audit, strict=args.strict, quiet=args.quiet, lang=args.lang,
                         include_exports=args.include_exports, verbose=args.verbose)
    except UsageError as exc:
        say(f"scoring batch: {exc}", sys.stderr)
        return EXIT_USAGE


def _audit(args: argparse.Namespace) -> int:
    from ..report import BINARY_AUDIT_FORMATS, render_audits
    from ..review.run import audit_paths, fails

    if _binary_to_terminal(args, BINARY_AUDIT_FORMATS):
        return EXIT_USAGE
    if _replaces_input(args, args.inputs):
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
        from ..report.workbook import require_openpyxl

        require_openpyxl(args.output)


def _quiet_leftovers() -> None:
    """After a failed write has been reported: the half-written workbook openpyxl leaves
    complains when collected at exit ("Exception ignored in …"); the user has the message.
    Until the program exits, or until `main(argv)` returns (`process.Kept`)."""
    sys.unraisablehook = lambda _: None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by the `scoring` script).

    The program (`argv` None) keeps what a command changes in its process until it
    exits; called with `argv` (a test, an embedding), the process is left as it was
    found (`process.Kept`: hooks, signal handlers and mask, gc, decimal context …)."""
    if argv is None:
        if hasattr(sys.stdout, "reconfigure"):  # a non-UTF-8 stdout (latin-1, cp1252): the
            sys.stdout.reconfigure(errors="backslashreplace")  # text as \uXXXX, no traceback
        return _main(sys.argv[1:], program=True)
    from .process import Kept  # not the program's: it keeps what a command changes

    with Kept():
        return _main(argv, program=False)


def _main(argv: Sequence[str], program: bool) -> int:
    lang = help_lang(argv)
    # A command named first (`scoring score …`) needs its own parser alone; anything else
    # (`scoring -h`, `scoring --lang en score …`, no command, a mistyped one) gets them all
    parser = make_parser(lang, argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if usage := _choose_format(args, lang):
        print(usage, file=sys.stderr)
        return EXIT_USAGE
    with Signals(keep=program) as signals:  # the only signal handlers (cli/signals.py)
        code = _run(args)
        if signals.received and program:
            signals.end()  # the program, interrupted: 130 or 143, now
        return signals.exit_code() if signals.received else code


def _run(args: argparse.Namespace) -> int:
    """The command, and the one place where every failure becomes a message and a code."""
    try:
        _require_dependencies(args)
        return COMMANDS[args.command](args)
    except LoadError as exc:
        for diag in exc.diagnostics:
            say(format_diagnostic(diag), sys.stderr)
        return EXIT_PROBLEMS
    except ScoringError as exc:
        say(f"scoring: {exc}", sys.stderr)
        if isinstance(exc, OutputError):
            _quiet_leftovers()
        return EXIT_PROBLEMS
    except OSError as exc:  # the system refused: a full disk, a file too large, no access
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"scoring: {where}{exc.strerror or exc}", sys.stderr)
        _quiet_leftovers()
        return EXIT_PROBLEMS
    except (MemoryError, RecursionError) as exc:  # an input past what the machine holds
        print(exhausted(exc, _inputs(args)), file=sys.stderr)
        _quiet_leftovers()
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130  # the caller's `Signals` says which signal (130 or 143)
    except Exception as exc:  # a signal caught and turned into another exception: Python's
        if not _interrupted(exc):  # "Error calling __set_name__" at import, a library's bare
            raise  # `except:` (openpyxl's type check re-raises it as a TypeError)
        return 130


def _interrupted(exc: BaseException) -> bool:
    """Whether a `KeyboardInterrupt` is in the causes of `exc`."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _inputs(args: argparse.Namespace) -> list[str]:
    """The input files named on the command line."""
    return [str(p) for p in getattr(args, "cases", None) or getattr(args, "files", None)
            or getattr(args, "inputs", None) or []]


if __name__ == "__main__":
    sys.exit(main())
