"""grades.py: grade labels of one band, and the precision a published score is read at."""

from __future__ import annotations

from scoring.review.grades import audit_policy, max_places, same_grade


def test_labels_of_one_band_are_the_same_grade_others_are_not() -> None:
    assert same_grade("优", "优秀") and same_grade("良好", "良") and same_grade("优秀", "优秀")
    assert same_grade("优 秀", "优")  # read as a cell is: blanks inside do not count
    assert not same_grade("优", "良") and not same_grade("好", "优")
    assert not same_grade("未知", "另一个")


def test_the_policy_is_data() -> None:
    policy = audit_policy()
    assert max_places() == int(policy["max_places"]) > 0
    assert ["优", "优秀"] in policy["grade_synonyms"]
