"""result.py: immutable results; a scheme's content hash worked out once, when read."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from conftest import SEED

from scoring import evaluate, load_case
from scoring.model.result import SchemeInfo


def _info(content_hash: object) -> SchemeInfo:
    return SchemeInfo(id="mof-2020", name="财政部", version="1", places=1,
                      content_hash=content_hash)  # type: ignore[arg-type]


def test_a_lazy_content_hash_is_worked_out_once_and_compares_by_value() -> None:
    calls: list[int] = []

    def digest() -> str:
        calls.append(1)
        return "abc"

    lazy = _info(digest)
    assert calls == []
    assert lazy.content_hash == "abc" and lazy.content_hash == "abc"
    assert calls == [1]
    assert lazy == _info("abc") and hash(lazy) == hash(_info("abc"))
    assert pickle.loads(pickle.dumps(lazy)) == lazy


def test_scheme_info_and_results_are_immutable() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        _info("abc").places = 2  # type: ignore[misc]
    result = evaluate(load_case(SEED))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = result.max_total  # type: ignore[misc]


def test_a_row_is_found_by_its_id_or_name() -> None:
    result = evaluate(load_case(SEED))
    row = result.indicators[0]
    assert result.indicator(row.id) is row and result.indicator(row.name) is row
    with pytest.raises(KeyError):
        result.indicator("没有这一行")


@pytest.mark.parametrize("record", ["ProjectInfo", "FundSourceResult", "SectionResult",
                                    "BudgetResult", "Result", "SchemeInfo"])
def test_records_are_built_by_keyword_only(record: str) -> None:
    import scoring.model.result as result

    cls = getattr(result, record)
    count = len(dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else 5
    with pytest.raises(TypeError, match="positional"):  # as many values as it has fields
        cls(*range(count))
    built = evaluate(load_case(SEED))
    assert pickle.loads(pickle.dumps(built.scheme)) == built.scheme


def test_a_row_result_is_built_by_keyword_only_and_survives_pickling() -> None:
    from scoring.model.result import IndicatorResult

    with pytest.raises(TypeError, match="positional"):  # a value for each of its 19 fields
        IndicatorResult(*range(19))  # type: ignore[misc]
    for row in evaluate(load_case(SEED)).indicators:  # the batch's workers pickle results
        back = pickle.loads(pickle.dumps(row))
        assert type(back) is IndicatorResult and back == row
        assert back._asdict() == row._asdict()
    moved = row._replace(name="另一行")
    assert type(moved) is IndicatorResult and moved.name == "另一行" and moved.id == row.id
