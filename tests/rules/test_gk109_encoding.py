"""GK109 encoding: a catalog read as UTF-8 with BOM, UTF-16 or GB18030 gives a warning; its content is still
checked."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM
NO_BASIS = GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")


def write_bytes(county, data: bytes) -> None:
    (county.root / "catalogs" / "donghu-zhen.yaml").write_bytes(data)


def test_plain_utf8(county):
    write_bytes(county, GOOD.encode("utf-8"))
    assert codes_at(county.lint(select=["GK109"])) == []


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (NO_BASIS.encode("gb18030"), "GB18030"),
        (b"\xef\xbb\xbf" + NO_BASIS.encode("utf-8"), "BOM"),
        (NO_BASIS.encode("utf-16"), "UTF-16"),
        (b"\xfe\xff" + NO_BASIS.encode("utf-16-be"), "UTF-16"),
    ],
    ids=["gb18030", "utf-8-bom", "utf-16", "utf-16-be"],
)
def test_other_encodings_warn_and_are_still_linted(county, data, label):
    write_bytes(county, data)
    result = county.lint(select=["GK1", "GK2"])
    assert codes_at(result) == ["GK109 1:1", "GK203 7:7"]
    warning = result.problems[0]
    assert warning.severity == "warning"
    assert label in warning.message and "UTF-8" in warning.message
    assert result.exit_code() == 1  # the missing basis; the warning alone would not fail


def test_warning_alone_does_not_fail_unless_strict(county):
    write_bytes(county, GOOD.encode("gb18030"))
    result = county.lint(select=["GK1"])
    assert codes_at(result) == ["GK109 1:1"]
    assert result.exit_code() == 0 and result.exit_code(strict=True) == 1


def test_gb18030_values_are_read_correctly(county):
    write_bytes(county, GOOD.replace("《社会救助暂行办法》", "相关政策文件").encode("gb18030"))
    result = county.lint(select=["GK310"])
    assert codes_at(result) == ["GK310 10:7"]
    assert "相关政策文件" in result.problems[0].message


def test_syntax_error_in_a_gb18030_file(county):
    write_bytes(county, (GOOD + "  bad: [\n").encode("gb18030"))
    assert codes_at(county.lint(select=["GK1"])) == ["GK109 1:1", "GK101 18:1"]


def test_ascii_only_file_is_utf8(county):
    write_bytes(county, b"unit:\n  name: Donghu\n  kind: township\n")
    assert codes_at(county.lint(select=["GK109"])) == []
