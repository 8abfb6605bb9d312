"""The importer writes a new catalog's YAML once, mostly without ruamel (tabular/emit.py): it must be exactly
what `gongkai fmt` makes of it, and read back as the same values, whatever text a spreadsheet's cells hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.fmt import FLOW_LISTS, canonical, flow_value
from gongkai.load import load
from gongkai.model.catalog import trim
from gongkai.tabular.emit import catalog_text

AWKWARD = st.sampled_from(
    ["=SUM(A1)", "- 列表", ": 冒号", "a: b", "#注释", "a #b", "'引号'", '"双引号"', "123", "1.5", "0x1F", "2026-01-01",
     "null", "~", "true", "no", "yes", "on", "@x", "`x`", "|", ">", "!tag", "&a", "*a", "%x", "[1]", "{a: 1}", "?",
     "低保\n名单", "行尾 ", " 行首", "😀表情", "\t制表", "\x07响铃", "\u2028分隔", "a,b", "《条例》、《办法》", ""]
)  # fmt: skip
TEXT = st.one_of(AWKWARD, st.text(min_size=0, max_size=12), st.lists(AWKWARD, min_size=1, max_size=3).map("".join))
LIST = st.lists(TEXT.filter(str.strip), min_size=1, max_size=3)
# The shapes the importer gives: text or nothing; one value or several ticked; lists of channels and levels.
ITEM = st.fixed_dictionaries(
    {
        **{key: st.none() | TEXT.filter(str.strip) for key in ("category", "name", "content", "basis", "deadline")},
        "owner": st.none() | TEXT.filter(str.strip),
        "method": st.none() | TEXT.filter(str.strip) | LIST,
        "channel": st.none() | LIST,
        "audience": st.none() | TEXT.filter(str.strip) | LIST,
        "level": st.none() | LIST,
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=3), TEXT)
def test_the_written_catalog_is_in_canonical_form_and_reads_back_as_written(tmp_path_factory, items, unit_name):
    catalog = {"unit": {"name": unit_name or "x", "kind": "township"}, "domains": {"shehui-jiuzhu": items}}
    text = catalog_text(catalog)
    assert canonical(text) == text
    path = tmp_path_factory.mktemp("emit") / "x.yaml"
    path.write_text(text, encoding="utf-8")
    source = load(path)
    assert not [i for i in source.issues if i.kind in ("syntax", "unreadable")], text
    assert source.data["domains"]["shehui-jiuzhu"] == [
        {key: _read_back(key, value) for key, value in item.items()} for item in items
    ]


def _read_back(key, value):
    """What YAML gives back for a value: text trimmed at both ends, empty text as null, and channels, levels,
    methods and audiences as canonical form has them (terms normalised, split at 、 and commas)."""
    if value is not None and key in FLOW_LISTS:
        value = flow_value(key, value)
        return [str(v) for v in value] if isinstance(value, list) else value
    return (trim(value) or None) if isinstance(value, str) else value
