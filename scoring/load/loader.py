"""Load: orchestrate read → validate → check for indicator sets and cases.

Every problem found is collected as a diagnostic; `LoadError` carries them
all, sorted by place. A case either points at an indicator set (a path
relative to the case file) or carries its indicators inline; either way the
loaded `Case` holds the resolved `IndicatorSet` and actuals keyed by
indicator key.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, LoadError, Location, raise_if_errors
from ..model.case import Actual, Case, CaseFile, CaseIndicator, Indicator, IndicatorSet
from ..model.findings import Finding, finding
from ..read.bounded import relocated
from ..read.packaged import data_file
from ..read.source import YamlMap, read_yaml
from .checks import run_case_checks, run_set_checks
from .rule_checks import check_rule_actuals
from .scheme import builtin_ids

M = TypeVar("M", bound=BaseModel)
FileKind = Literal["indicator-set", "case", "scheme"]
CASE_KEYS = frozenset({"indicator_set", "actuals", "project", "budget", "reported"})
CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
LEGACY_SUFFIXES = frozenset({".xls"})  # read by xlrd when its bytes are OLE2 (`container.py`)
DOCUMENT_SUFFIXES = frozenset({".docx", ".pdf"})  # every 自评表 table in the document
_SCHEME_KEYS = frozenset({"extends", "places", "grades", "reverse", "phrases"})
_SET_ONLY_KEYS = frozenset({"kind", "title", "code", "department", "year"})  # never in a case
_CASE_ROW_KEYS = frozenset(CaseIndicator.model_fields) - frozenset(Indicator.model_fields)
_NOT_A_CASE = {
    "indicator-set": "这是指标体系文件，不是自评文件（case）：自评文件用 indicator_set: 指向它"
                     "并给出 actuals（FORMATS.md §2）；检查指标体系本身请用 scoring check",
    "scheme": "这是评分规则文件，不是自评文件（case）：请用 --scheme 指定它",
}


def is_table(path: Path) -> bool:
    """Whether `path` is read as a table (CSV, XLSX, `.xls`, Word or PDF) rather than a
    case YAML (`tables.py` reads it)."""
    return path.suffix.lower() in CSV_SUFFIXES | XLSX_SUFFIXES | LEGACY_SUFFIXES | \
        DOCUMENT_SUFFIXES


def file_kind(data: object) -> FileKind:
    """Which kind of file this located data is, by its keys: an inline case may have
    no key of its own (`project:` is optional), but its rows carry actuals."""
    if isinstance(data, YamlMap):
        keys = set(data)
        if "id" in keys and keys & _SCHEME_KEYS:
            return "scheme"
        if keys & CASE_KEYS:
            return "case"
        rows = data.get("indicators")
        if not keys & _SET_ONLY_KEYS and isinstance(rows, list) and any(
                isinstance(row, dict) and row.keys() & _CASE_ROW_KEYS for row in rows):
            return "case"
    return "indicator-set"


def _validate(model: type[M], data: Any, origin: Location) -> M:
    if not isinstance(data, YamlMap):
        where = getattr(data, "location", None) or Location(origin.file, 1, 1)  # a bare scalar
        raise LoadError([Diagnostic(where, "文件内容必须是映射（键: 值）", "not-a-mapping")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        from .validation import diagnostics_from_validation  # only for a file refused
        raise LoadError(diagnostics_from_validation(exc, data, origin, model)) from None


def resolve_scheme_ref(ref: str | None, base: Path) -> str | None:
    """A built-in id stays; a file path becomes absolute (relative to `base`)."""
    if ref is None or ref in builtin_ids():
        return ref
    path = Path(ref)
    return str(path if path.is_absolute() else (base / path))


def scheme_ref_problems(ref: str | None, base: Path, where: Location) -> list[Diagnostic]:
    """A `scheme:` that is neither built in nor an existing file, at `where` (its value)."""
    resolved = resolve_scheme_ref(ref, base)
    if ref is not None and "\x00" in ref:
        return [Diagnostic(where, "评分规则的路径中含 NUL 字符", "bad-path")]
    if resolved is None or resolved in builtin_ids() or Path(resolved).is_file():
        return []
    if Path(resolved).exists():  # a directory, a FIFO, a device: never opened
        return [Diagnostic(where, f"评分规则 '{ref}' 不是普通文件，拒绝读取", "not-a-file")]
    return [Diagnostic(where, f"找不到评分规则 '{ref}'（内置：{', '.join(builtin_ids())}；"
                       "或评分规则文件的路径，相对于本文件）", "unknown-scheme")]


def _count_indicators(data: Any) -> Any:
    """`data`, unless its `indicators:` are more than `max_indicators` (data/columns.yaml):
    refused before they are validated one by one."""
    cap = int(data_file("columns.yaml")["max_indicators"])
    if isinstance(data, YamlMap) and isinstance(data.get("indicators"), list) and \
            len(data["indicators"]) > cap:
        raise LoadError([Diagnostic(data.value_locations["indicators"], f"指标 "
                                    f"{len(data['indicators'])} 个，超过上限 {cap} 个",
                                    "too-many-indicators")])
    return data


def load_indicator_set(path: str | Path) -> IndicatorSet:
    """Load and check an indicator set file (FORMATS.md §1); raise `LoadError`."""
    path = Path(path)
    iset = _validate(IndicatorSet, _count_indicators(read_yaml(path)), Location(str(path)))
    raise_if_errors([*run_set_checks(iset),
                     *scheme_ref_problems(iset.scheme, path.parent, iset.place("scheme"))])
    scheme = resolve_scheme_ref(iset.scheme, path.parent)
    return iset.model_copy(update={"scheme": scheme}) if scheme != iset.scheme else iset


def load_case(path: str | Path) -> Case:
    """Load and check a case file (FORMATS.md §2), resolving its indicator set."""
    path = Path(path)
    origin = Location(str(path))
    if is_table(path):
        raise LoadError([Diagnostic(origin, "这是表格文件，不是自评文件（case YAML）：请用 "
                                    "load_cases 或 iter_cases 读取（scoring score 可直接读取表格）",
                                    "not-a-case")])
    data = _count_indicators(read_yaml(path))
    slips: list[Finding] = []
    if isinstance(data, YamlMap) and "indicator_set" not in data:  # a published table
        from .inline_slips import mended_rows
        data, slips = mended_rows(data, origin)
    try:
        raw = _validate(CaseFile, data, origin)
    except LoadError:
        kind = file_kind(data)  # an inline case without `project` has a set's keys
        if not isinstance(data, YamlMap) or kind == "case" or (
                kind == "indicator-set" and not set(data) & _SET_ONLY_KEYS):
            raise
        raise LoadError([Diagnostic(data.location, _NOT_A_CASE[kind], "not-a-case")]) from None
    diagnostics = scheme_ref_problems(raw.scheme, path.parent, raw.place("scheme"))
    if raw.indicator_set is not None and raw.indicators is not None:
        diagnostics.append(Diagnostic(raw.location, "indicator_set 与 indicators 只能给出一个",
                                      "ambiguous-case"))
    if raw.indicator_set is None and raw.indicators is None:
        diagnostics.append(Diagnostic(raw.location, "缺少 indicator_set（指标体系文件）或 "
                                      "indicators（内联指标）", "missing-key"))
    if raw.indicators == () and raw.budget is None:  # no row, no budget: nothing published
        diagnostics.append(Diagnostic(raw.place("indicators"), "自评表中没有指标行",
                                      "no-indicator-rows"))
    raise_if_errors(diagnostics)
    if raw.actuals:  # an actual written as a bare value: at its place (inline or not)
        raw = raw.model_copy(update={"actuals": _locate_scalars(raw.actuals,
                                                                data.get("actuals"))})
    if raw.indicators is not None:
        case = case_from_inline(raw, str(path), slips)
    else:
        assert raw.indicator_set is not None
        set_path = Path(os.path.normpath(path.parent / raw.indicator_set))
        try:
            iset = load_indicator_set(set_path)
        except LoadError as exc:
            loc = data.value_locations.get("indicator_set", raw.location)
            if any(d.code == "file-not-found" and d.location.file == str(set_path)
                   for d in exc.diagnostics):
                raise LoadError([Diagnostic(loc, f"找不到指标体系文件 {set_path}",
                                            "file-not-found")]) from None
            raise relocated(exc, str(set_path), loc) from None
        if raw.budget_execution is not None:
            iset = iset.model_copy(update={"budget_execution": raw.budget_execution})
        # Every part is already a validated model of its field's type (the case file's
        # `raw`, the set just loaded): put together without validating them again, which
        # would build `Case`'s validator (≈ 4 ms of every start-up) to check nothing new.
        case = Case.model_construct(
            project=raw.project, indicator_set=iset,
            scheme=resolve_scheme_ref(raw.scheme, path.parent) or iset.scheme,
            budget=raw.budget, actuals=raw.actuals,
            reported=raw.reported, sections=raw.sections, source=str(path),
            location=raw.location)
    raise_if_errors(run_case_checks(case, inline=raw.indicators is not None))
    return case


def _locate_scalars(actuals: dict[str, Actual], data: Any) -> dict[str, Actual]:
    """An actual written as a bare value (`群众满意度: 100`) gets that value's place."""
    if not isinstance(data, YamlMap):
        return actuals
    out = {}
    for key, actual in actuals.items():
        place = data.value_locations.get(key)
        if place is not None and not actual.location.line:
            actual = actual.model_copy(update={"location": place,
                                               "field_locations": {"value": place}})
        out[key] = actual
    return out


def case_from_inline(raw: CaseFile, source: str, slips: Sequence[Finding] = ()) -> Case:
    """Build the indicator set and actuals of an inline case from its rows (`slips`: the
    findings of the slips left out of them, `inline_slips.py`).

    Every part comes from the validated `raw`; the set and the case are validated
    as any model is, then checked.
    """
    # The modules of published tables, imported here: a case that points at its set
    # (the usual YAML case) does not pay for them at start-up.
    from ..read.columns import columns
    from ..read.spelling import suggest
    from .inline_slips import rule_slips
    from .published import kept_cells
    from .rowkeys import keyed_rows

    assert raw.indicators is not None
    rows, keys = keyed_rows(raw.indicators)
    # A published table with only its budget row has no indicators: built as read
    # (as in load/form.py and load/flat.py), since a set file needs at least one.
    # Its kind as the same table's flat form reads it: department when the name says
    # 部门整体/整体支出 (data/columns.yaml `department.names`), else project.
    kind: Literal["project", "department"] = (
        "department" if columns().department_name(raw.project.name) else "project")
    ruled: list[Finding] = []
    for _ in range(2):  # a row whose rule the checks refuse: without it (`rule_slips`)
        iset = (IndicatorSet if rows else IndicatorSet.model_construct)(
            kind=kind, title=raw.project.name, code=raw.project.code,
            department=raw.project.department, year=raw.project.year,
            scheme=raw.scheme, budget_execution=raw.budget_execution,
            indicators=tuple(row.to_indicator() for row in rows),
            location=raw.location)
        actuals: dict[str, Actual] = {row.key: row.to_actual() for row in rows}
        problems = [*run_set_checks(iset, inline=True), *check_rule_actuals(
            Case.model_construct(project=raw.project, indicator_set=iset, actuals=actuals))]
        rows, found = rule_slips(rows, problems)
        ruled += found
        if not found:
            break
    raise_if_errors(problems)
    for key, extra in raw.actuals.items():  # one for no row: noted, not used
        if key in actuals:
            actuals[key] = extra
        else:
            ruled.append(finding("unknown-indicator", key, extra.location,
                                 hint=suggest(key, list(actuals))))
    base = Path(source).parent
    return kept_cells(Case(project=raw.project, indicator_set=iset,
                           scheme=resolve_scheme_ref(raw.scheme, base), budget=raw.budget,
                           actuals=actuals, reported=raw.reported, sections=raw.sections,
                           source=source, location=raw.location,
                           noted=(*slips, *ruled, *keys.noted)))
