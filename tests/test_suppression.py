"""The comment scanner behind inline suppression: a `#` is a comment only outside quoted and block scalars."""

import pytest

from gongkai.lint.suppression import Suppression, comments, suppressions


def found(text: str) -> list[tuple[int, int]]:
    return [(line, column) for line, _, column in comments(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b # c\n", [(1, 6)]),
        ("# top\na: b\n", [(1, 1)]),
        ("a: b#c\n", []),
        ('a: "b # c"\n', []),
        ("a: 'b # c' # d\n", [(1, 12)]),
        ("a: 'it''s # x'\n", []),
        ("a: it's # x\n", [(1, 9)]),  # the quote is text in a plain value: the comment still counts
        ('a: "one\n  two # no\n  three" # yes\n', [(3, 10)]),
        ('a: "x\\" # no"\n', []),
        ("a: [b, 'c # no', d]  # yes\n", [(1, 22)]),
        ("a: |\n  b # no\n  c\nd: e # yes\n", [(4, 6)]),
        ("a: >-  # yes\n  b # no\n\n  c # no\nd: e\n", [(1, 8)]),
        ("- |\n  b # no\n- c # yes\n", [(3, 5)]),
        ("a: 5' # x\n", [(1, 7)]),
        ("a: b\r\nc: d # x\r\n", [(2, 6)]),
        ("a: b\rc: d # x\r", [(2, 6)]),
    ],
)
def test_comments(text, expected):
    assert found(text) == expected


def test_suppressions_parse_codes_and_reason():
    text = "a: b  # gongkai: ignore[GK203, gk305] 依据待确认\nc: d # gongkai: ignore[]\ne: f # gongkai ignore[GK1]\n"
    assert suppressions(text) == [Suppression(1, 7, ("GK203", "GK305"), "依据待确认"), Suppression(2, 6, ())]
