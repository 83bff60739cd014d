"""Text supplied by people (a file name, a comment) shown exactly as typed inside a message
that Streamlit renders as markdown.

Streamlit turns ``[x](https://evil)`` into a link, ``![p](https://host/p.png)`` into an image
fetched from elsewhere, ``:red[x]`` into colour and ``$x$`` into maths. A backslash before an
ASCII punctuation character makes it literal (CommonMark), so the reader sees the characters
and nothing else happens.
"""

from __future__ import annotations

import re

# every character with a meaning in CommonMark, GitHub markdown or Streamlit's directives;
# '.' and '-' only start a list at a line's start, which a one-line name never is
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~$:&\"'=^%;@/])")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


_BARE_LINK = re.compile(r"(?i)(www)\.")  # GitHub markdown links a bare www.host


def markdown_literal(text: str) -> str:
    """``text`` on one line, every markdown character escaped."""
    escaped = _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
    return _BARE_LINK.sub(r"\1\\.", escaped)
