"""Item content as HTML: plain one-line content skips the Markdown parser, and must come out exactly as
markdown-it would write it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.render.markdown import _md, render_markdown

PIECES = st.sampled_from([
    *"低保名单、，。《》（）\"' :;.)1234567890abc/\\`*_[]<>!#+-=|~&\n\t\r\u3000\u00a0\u2028\x0b\x0c\x00",
    "http://x", "1. ", "2) ", "  ", "    ", "---", "&amp;", "<b>", "[a](javascript:x)",
])  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_plain_content_renders_as_markdown_it_would(text):
    assert str(render_markdown(text)) == (_md.render(text) if text else "")


def test_markup_still_goes_through_markdown_it():
    assert str(render_markdown("名单\n\n- 甲\n- 乙")) == "<p>名单</p>\n<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>\n"
    assert str(render_markdown('低保对象"名单"')) == "<p>低保对象&quot;名单&quot;</p>\n"
