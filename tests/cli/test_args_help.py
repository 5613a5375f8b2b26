"""`scoring --version`, and the help in Chinese (default) or English (`--lang en`),
wherever --lang stands (#16.5)."""

from __future__ import annotations

import argparse
import re
from importlib import metadata

import pytest

from scoring.cli.args import _width, help_lang, make_parser
from scoring.cli.main import COMMANDS, main

CJK = re.compile(r"[\u4e00-\u9fff]")


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit:
        main(list(argv))
    assert exit.value.code == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_version_is_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert _help(capsys, "--version") == f"scoring {metadata.version('scoring')}\n"


def test_help_is_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "--help")
    assert text.startswith("用法：scoring ")
    assert "显示本帮助并退出" in text and "显示版本号并退出" in text
    assert "精确计算并复核预算绩效自评表" in text
    for command in COMMANDS:
        assert re.search(rf"^    {command} +\S*[\u4e00-\u9fff]", text, re.M), command


@pytest.mark.parametrize("argv", [("--lang", "en", "--help"), ("--help", "--lang", "en"),
                                  ("--lang=en", "-h"), ("--la", "en", "-h")])
def test_top_level_help_in_english(argv: tuple[str, ...],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, *argv)
    assert text.startswith("usage: scoring ")
    assert "show this help message and exit" in text and "show the version" in text
    assert "用法" not in text and "显示" not in text


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_help_in_both_languages(command: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    zh = _help(capsys, command, "--help")
    assert zh.startswith(f"用法：scoring {command} ")
    assert "位置参数" in zh or command == "schemes"
    for where in (("--lang", "en", command, "-h"), (command, "--help", "--lang", "en"),
                  (command, "-h", "--lang=en")):
        en = _help(capsys, *where)
        assert en.startswith(f"usage: scoring {command} ")
        assert "options:" in en and "显示本帮助" not in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_option_has_help_in_its_language(lang: str) -> None:
    parser = make_parser("zh" if lang == "zh" else "en")
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    parsers = {"scoring": parser, **sub.choices}
    assert set(parsers) == {"scoring", *COMMANDS}
    for name, command in parsers.items():
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, (name, action.dest)
            if lang == "zh":
                assert CJK.search(action.help) or action.dest == "format", (name, action.dest)


def test_lang_sets_the_language_of_the_messages_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "score", "case.yaml", "-o", "x.pdf"]) == 2
    assert "which format" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "lang"), [
    ([], "zh"), (["--lang", "en"], "en"), (["score", "x", "--lang=en"], "en"),
    (["--lang", "en", "score", "--lang", "zh"], "zh"), (["--lang", "fr"], "zh"),
    (["score", "--", "--lang", "en"], "zh"), (["--lang"], "zh"), (["--l", "en"], "en"),
    (["-l", "en"], "zh"), (["--lan=en"], "en"),
])
def test_help_lang_reads_the_raw_arguments(argv: list[str], lang: str) -> None:
    assert help_lang(argv) == lang


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["score"], "scoring score: 错误：缺少必需的参数：CASE",
     "scoring score: error: the following arguments are required: CASE"),
    (["score", "x", "--format", "pdf"],
     "scoring score: 错误：参数 --format：无效的选择 'pdf'（可选：",
     "scoring score: error: argument --format: invalid choice: 'pdf'"),
    (["batch", "x", "-o", "y.csv", "--jobs", "a"],
     "scoring batch: 错误：参数 --jobs：'a' 不是整数",
     "scoring batch: error: argument --jobs: invalid int value: 'a'"),
    (["score", "x", "--bogus"], "scoring: 错误：无法识别的参数：--bogus",
     "scoring: error: unrecognized arguments: --bogus"),
    (["score", "x", "--scheme"], "scoring score: 错误：参数 --scheme 需要一个值",
     "scoring score: error: argument --scheme: expected one argument"),
])
def test_usage_errors_speak_the_language(argv: list[str], zh: str, en: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    for args, message in ((argv, zh), ([*argv, "--lang", "en"], en)):
        with pytest.raises(SystemExit) as exit:
            main(args)
        assert exit.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("用法：" if message is zh else "usage: ")
        assert err.splitlines()[-1].startswith(message), err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_fits_the_terminal_width(lang: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """argparse wraps at spaces and counts a Chinese character as one column; the help
    breaks Chinese anywhere (not before closing punctuation) and counts it as two."""
    monkeypatch.setenv("COLUMNS", "60")
    for command in ("", *COMMANDS):
        text = _help(capsys, *([command] if command else []), "--help", "--lang", lang)
        _usage, rest = text.split("\n\n", 1)  # argparse's usage: an option is not broken
        for line in rest.splitlines():
            assert _width(line) <= 60, line
            assert not line.lstrip().startswith(("）", "，", "。", "、")), line


def test_a_command_named_first_gets_its_own_parser_alone_and_the_same_arguments() -> None:
    [sub] = [a for a in make_parser("zh", "score")._actions
             if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) == {"score"}
    alone = make_parser("zh", "score").parse_args(["score", "a.yaml", "-o", "x.json"])
    every = make_parser("zh").parse_args(["score", "a.yaml", "-o", "x.json"])
    assert vars(alone) == vars(every)


def test_without_a_command_first_the_help_lists_every_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["-h"], ["--lang", "en", "-h"]):
        with pytest.raises(SystemExit):
            main(argv)
        listed = capsys.readouterr().out
        assert all(f"    {command} " in listed for command in COMMANDS), listed
