"""Text from a user's file (user, item and category names) shown as itself, wherever the app puts it.

Two places read markup in what they are given: Streamlit's Markdown (st.markdown, st.info, captions,
button and radio labels: `**bold**`, `[a link](http://…)`, `:red[colour]`, `$math$`) and Plotly's text
(axis ticks, legends, hovers, annotations: `<b>`, `<a href>`, `<br>`). A name from a file goes through
one of these two functions on its way in; text the app writes itself does not.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def markdown(text: str) -> str:
    """For Streamlit's Markdown: every character Markdown (or Streamlit's own directives) could read is
    backslash-escaped, so it shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def figure(text: str) -> str:
    """For Plotly's text: its few HTML-like tags and entities escaped, so they show as typed."""
    return html.escape(str(text))
