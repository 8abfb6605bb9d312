"""GK100 unreadable-file: binary, undecodable or oversized files cannot be read, and lint exits with code 2."""

from gongkai.load import MAX_FILE_BYTES
from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at


def write_bytes(county, data: bytes, name: str = "donghu-zhen.yaml"):
    path = county.root / "catalogs" / name
    path.write_bytes(data)
    return path


def test_utf8_catalog_is_readable(check):
    assert check(GOOD_HEAD + GOOD_ITEM, select=["GK100"]) == []


def test_word_document_saved_as_yaml(county):
    write_bytes(county, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml")
    result = county.lint(select=["GK100"])
    assert codes_at(result) == ["GK100 1:1"]
    assert "二进制" in result.problems[0].message
    assert result.exit_code() == 2


def test_undecodable_bytes_are_reported_on_their_line(county):
    # neither UTF-8 nor GB18030 (0xFF never occurs in GB18030)
    write_bytes(county, (GOOD_HEAD + GOOD_ITEM).encode() + b"# \xff\xfe\xff\n")
    result = county.lint(select=["GK100"])
    assert codes_at(result) == ["GK100 17:1"]
    assert "UTF-8" in result.problems[0].message and "GB18030" in result.problems[0].message
    assert result.exit_code() == 2


def test_file_over_32_mb_is_not_read(county):
    path = county.root / "catalogs" / "donghu-zhen.yaml"
    with path.open("wb") as f:  # sparse: nothing is written to disk
        f.truncate(MAX_FILE_BYTES + 1)
    result = county.lint(select=["GK100"])
    assert codes_at(result) == ["GK100 1:1"]
    assert "32 MB" in result.problems[0].message
    assert result.exit_code() == 2


def test_unreadable_file_hides_the_other_rules_but_not_other_files(county):
    write_bytes(county, b"\x00\x01\x02binary", name="donghu-zhen.yaml")
    county.write("xihu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", ""))
    result = county.lint(select=["GK100", "GK2"])
    assert [(p.unit, p.code) for p in result.problems] == [("donghu-zhen", "GK100"), ("xihu-zhen", "GK203")]


def test_truncated_utf16_file(county):
    write_bytes(county, b"\xff\xfe" + "unit:".encode("utf-16-le") + b"\x00")  # odd number of bytes
    assert codes_at(county.lint(select=["GK100"])) == ["GK100 1:1"]
