"""The command line's arguments: help in Chinese or English, the version, the output format.

The words are data (`data/cli.yaml`): the help of every command and option in zh
(default) and en. argparse acts on `--help` as soon as it meets it, before the
options after it, so the language is read from the raw arguments first
(`help_lang`): `scoring --lang en --help` and `scoring score --help --lang en`
both print English; argparse's own usage errors are translated too. The format
of `-o FILE` follows its extension (`.xlsx` → xlsx, `.html` → html …);
`--format` wins, but one that contradicts a known extension, an extension the
command cannot write, or an extension that names no format without `--format`
is a usage error (`choose_format`). `make_parser` makes the parser: all commands,
or only the one the arguments name first (what `scoring score …` needs).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast, get_args

from ..model.findings import Lang
from ..read.packaged import data_file
from ..report import RENDERERS

LANGS: tuple[Lang, ...] = get_args(Lang)


def help_lang(argv: Sequence[str]) -> Lang:
    """The language `--lang X` / `--lang=X` (or an abbreviation argparse accepts, `--la`)
    asks for anywhere before `--`; the last one wins; zh when none is valid."""
    lang: Lang = "zh"
    tokens = list(argv)
    for i, token in enumerate(tokens):
        if token == "--":
            break
        name, eq, value = token.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not eq:
            value = tokens[i + 1] if i + 1 < len(tokens) else ""
        if value in LANGS:
            lang = value
    return lang


def version() -> str:
    """The installed package's version (importlib.metadata, imported only for --version:
    it costs every command's start-up); `scoring.__version__` in a tree never installed."""
    from importlib import metadata

    try:
        return metadata.version("scoring")
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree on sys.path
        from .. import __version__

        return __version__


class _Version(argparse.Action):
    """`--version`: prints `scoring X.Y.Z` and exits 0, the version read only then."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        sys.stdout.write(f"scoring {version()}\n")
        parser.exit()


def _words() -> dict[str, Any]:
    words: dict[str, Any] = data_file("cli.yaml")
    return words


_TOKENS = re.compile(r"\s+|[!-~]+|.")  # a space run, a run of printable ASCII, one character
_CLOSING = frozenset("）》」』】，。、；：！？")  # never at the start of a line


def _width(text: str) -> int:
    """Terminal columns of `text`: 2 for each East Asian wide character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class _Formatter(argparse.HelpFormatter):
    """argparse's layout with its own headings ("usage:", "options") in the help's language."""

    headings: Mapping[str, Mapping[str, str]] = {}
    lang: Lang = "zh"

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        if prefix is None:  # argparse indents by len(prefix); 用法： is 3 long but 6 wide
            self._label = self.headings["usage"][self.lang]
            prefix = " " * _width(self._label)
        super().add_usage(usage, actions, groups, prefix)

    def format_help(self) -> str:
        text = super().format_help()
        label = getattr(self, "_label", "")
        padding = " " * _width(label)
        return label + text[len(padding):] if label and text.startswith(padding) else text

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Lines of at most `width` terminal columns: Chinese breaks between any two
        characters (textwrap breaks only at spaces and counts 用 as one column)."""
        lines: list[str] = []
        line = ""
        for token in _TOKENS.findall(" ".join(text.split())):
            if line.strip() and token not in _CLOSING and _width(line + token.rstrip()) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        return [*lines, line.rstrip()] if line.strip() else lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def start_section(self, heading: str | None) -> None:
        words = self.headings.get(heading or "")
        super().start_section(words[self.lang] if words else heading)


class _Parser(argparse.ArgumentParser):
    """argparse's parser whose usage errors speak the help's language: the messages argparse
    itself words (`the following arguments are required: CASE`) are translated by the
    patterns of cli.yaml `errors`; one it does not know stays as argparse wrote it."""

    errors: Sequence[Mapping[str, str]] = ()
    lang: Lang = "zh"

    def error(self, message: str) -> NoReturn:
        for entry in self.errors:
            match = re.fullmatch(entry["pattern"], message, re.S)
            if match and self.lang in entry:
                message = entry[self.lang].format(**match.groupdict())
                break
        self.print_usage(sys.stderr)
        label = "错误：" if self.lang == "zh" else "error: "
        self.exit(2, f"{self.prog}: {label}{message}\n")


class Words:
    """The help texts of one language, and parsers that speak it."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        words = _words()
        self._commands: dict[str, dict[str, dict[str, str]]] = words["commands"]
        self._argparse: dict[str, dict[str, str]] = words["argparse"]
        formatter = type("Formatter", (_Formatter,), {"headings": self._argparse, "lang": lang})
        self.formatter = cast(type[argparse.HelpFormatter], formatter)
        self._parser_class = type("Parser", (_Parser,), {"errors": words["errors"],
                                                        "lang": lang})

    def help(self, command: str, key: str) -> str:
        """The help of `key` (an option's dest, or `help`/`description`) of `command`."""
        return self._commands[command][key][self.lang]

    def _common(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                            help=self._argparse["help"][self.lang])

    def parser(self) -> argparse.ArgumentParser:
        """The top-level parser: -h, --version, --lang."""
        parser: argparse.ArgumentParser = self._parser_class(
            prog="scoring", description=self.help("scoring", "description"), add_help=False,
            formatter_class=self.formatter)
        self._common(parser)
        parser.add_argument("--version", action=_Version, help=self.help("scoring", "version"))
        parser.add_argument("--lang", dest="help_lang", default=self.lang, choices=LANGS,
                            help=self.help("scoring", "lang"))
        return parser

    def subparsers(self, parser: argparse.ArgumentParser) -> Any:
        return parser.add_subparsers(dest="command", metavar="COMMAND",
                                     title=self._argparse["commands"][self.lang])

    def command(self, sub: Any, name: str) -> argparse.ArgumentParser:
        """The parser of command `name`, with -h and --lang (default: the help's language,
        so `scoring --lang en score …` speaks English throughout)."""
        parser: argparse.ArgumentParser = sub.add_parser(
            name, help=self.help(name, "help"), description=self.help(name, "help"),
            add_help=False, formatter_class=self.formatter)
        self._common(parser)
        parser.add_argument("--lang", default=self.lang, choices=LANGS,
                            help=self.help(name, "lang"))
        return parser

    def argument(self, parser: argparse.ArgumentParser, *flags: str,
                 **kwargs: Any) -> argparse.Action:
        """`parser.add_argument(*flags, **kwargs)` with the help of its dest in this language
        (the command is the last word of the parser's prog: `scoring score` → score)."""
        dest = kwargs.get("dest") or flags[-1].lstrip("-").replace("-", "_")
        command = parser.prog.split()[-1]
        return parser.add_argument(*flags, help=self.help(command, dest), **kwargs)

    def message(self, key: str, **params: object) -> str:
        """A usage message of cli.yaml in this language, its {names} filled."""
        template: str = _words()["messages"][key][self.lang]
        return template.format(**params)


def extensions() -> dict[str, str]:
    """`.ext → format` for `-o` (score and audit)."""
    mapping: dict[str, str] = _words()["extensions"]
    return mapping


def choose_format(given: str | None, output: str | None, available: Sequence[str],
                  words: Words) -> str:
    """The format to write: `given` (--format) if any, else the one `output`'s extension
    names, else text. Raises `ValueError` (a one-line usage message) when `given`
    contradicts a known extension, when the extension names a format this command
    cannot write, or when it names no format and `--format` is not given."""
    suffix = Path(output).suffix.lower() if output else ""
    implied = extensions().get(suffix)
    names = {"output": output, "ext": suffix or '""', "implied": implied,
             "available": ", ".join(available)}
    if given is not None:
        if implied is not None and implied != given:
            raise ValueError(words.message("mismatch", format=given, **names))
        return given
    if not output:
        return "text"
    if implied is None:
        known = " ".join(e for e, f in extensions().items() if f in available)
        raise ValueError(words.message("unknown", extensions=known, **names))
    if implied not in available:
        raise ValueError(words.message("unsupported", **names))
    return implied


FORMATS: dict[str, tuple[str, ...]] = {  # what -o/--format can write, per command
    "score": tuple(sorted(RENDERERS)), "audit": ("text", "json", "xlsx")}


def make_parser(lang: Lang = "zh", only: str | None = None) -> argparse.ArgumentParser:
    """The CLI's parser, its help in `lang` (the words are in data/cli.yaml). `only`: the
    parser of that command alone (`scoring score …`: each parser made costs ≈ 0.4 ms of
    start-up, gettext's look-ups for argparse's headings included); all of them otherwise,
    as the help lists them."""
    w = Words(lang)
    parser = w.parser()
    sub = w.subparsers(parser)
    if only in (None, "score"):
        score = _writing_parser(w, sub, "score", "cases", "CASE")
        w.argument(score, "--publish", action="store_true")
    if only in (None, "check"):
        check = w.command(sub, "check")
        w.argument(check, "files", nargs="+", metavar="FILE")
    if only in (None, "schemes"):
        w.command(sub, "schemes")
    if only in (None, "schema"):
        schema = w.command(sub, "schema")
        w.argument(schema, "kind", choices=("indicator-set", "case", "scheme"))
    if only in (None, "audit"):
        audit = _writing_parser(w, sub, "audit", "inputs", "CASE|TABLE")
        w.argument(audit, "--fail-on", choices=("error", "warning"))
    if only in (None, "batch"):
        _batch_parser(w, sub)
    return parser


def _writing_parser(w: Words, sub: Any, command: str, inputs: str,
                    metavar: str) -> argparse.ArgumentParser:
    """The parser of a command that scores its inputs and writes one output (`score`,
    `audit`): the inputs, `--scheme`, `--format` (what it can write, `FORMATS`) and `-o`;
    the caller adds its own options after them."""
    parser = w.command(sub, command)
    w.argument(parser, inputs, nargs="+", metavar=metavar)
    w.argument(parser, "--scheme")
    w.argument(parser, "--format", choices=FORMATS[command])
    w.argument(parser, "-o", "--output")
    return parser


def _batch_parser(w: Words, sub: Any) -> None:
    batch = w.command(sub, "batch")
    w.argument(batch, "inputs", nargs="+", metavar="INPUT")
    w.argument(batch, "-o", "--output", required=True, metavar="OUT")
    w.argument(batch, "--scheme")
    w.argument(batch, "--jobs", type=int, default=None, metavar="N")
    w.argument(batch, "--audit", action="store_true")
    w.argument(batch, "--strict", action="store_true")
    w.argument(batch, "--quiet", action="store_true")
    w.argument(batch, "--verbose", action="store_true")
    w.argument(batch, "--include-exports", action="store_true")
