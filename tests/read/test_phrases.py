"""phrases.py: the tier a cell's words say, by a phrase table (RULES.md §3)."""

from __future__ import annotations

from scoring.read.cells import normalize
from scoring.read.phrases import match_norm, match_phrase

# (normalised phrase, tier), longest first, as a scheme compiles its table
TABLE = tuple(sorted(((normalize(p), t) for p, t in (
    ("达成年度指标", "achieved"), ("部分达成年度指标", "partial"), ("未达成年度指标", "unmet"),
    ("好", "achieved"))), key=lambda pair: -len(pair[0])))


def test_a_whole_cell_is_its_phrase_and_punctuation_around_it_is_no_part() -> None:
    assert match_phrase("达成年度指标。", TABLE, whole=True) == "achieved"
    assert match_phrase("基本达成年度指标", TABLE, whole=True) is None


def test_a_phrase_inside_an_earlier_one_gives_way_and_a_negation_cancels_it() -> None:
    assert match_phrase("部分达成年度指标", TABLE, whole=False) == "partial"
    assert match_phrase("未达成年度指标", TABLE, whole=False) == "unmet"
    assert match_phrase("效果不好", TABLE, whole=False) is None
    assert match_phrase("不多，但效果好", TABLE, whole=False) == "achieved"  # another clause
    assert match_phrase("无关的话", TABLE, whole=False) is None


def test_a_normalised_text_matches_as_its_original() -> None:
    text = "部分 达成 年度指标"
    assert match_norm(normalize(text), TABLE, whole=False) == match_phrase(text, TABLE,
                                                                          whole=False)
