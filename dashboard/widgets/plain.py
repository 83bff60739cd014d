"""Text that people supply (a URL parameter, a file name, a comment, a value in an error)
shown as its own characters inside the pages' messages.

Every Streamlit text element but ``st.text`` and ``st.code`` reads its text as Markdown:
warnings, errors, captions, labels, help. A link's ``?partner=[Sign in again](https://evil)``
would become a link, ``![t](http://host/t.png)`` an image the browser fetches. Pages put such
text into a message only through ``literal`` (one value) or ``message`` (a catalogue message
or a library error, every text parameter made literal; the catalogue's own Markdown stays).
"""

from __future__ import annotations

import unicodedata

from pipelines.errors import LeslieError
from pipelines.words.catalogue import Message, text
from pipelines.words.literal import markdown_literal

LIMIT = 200  # characters of one value named in a message; the rest is cut with "…"


def _visible(ch: str) -> str:
    """A control or direction-changing character named by its code point (U+202E), so it
    neither reorders nor hides what follows it."""
    if ch in "\r\n\t":
        return ch  # ``markdown_literal`` puts the value on one line
    if unicodedata.category(ch) in ("Cc", "Cf"):
        return f"U+{ord(ch):04X}"
    return ch


def literal(value: object, limit: int = LIMIT) -> str:
    """``value`` as Markdown that shows exactly its characters (the first ``limit`` of them),
    never a link, an image, HTML, a colour or maths."""
    raw = str(value)
    cut = raw[:limit] + ("…" if len(raw) > limit else "")
    return markdown_literal("".join(_visible(ch) for ch in cut))


def message(what: Message | LeslieError, lang: str | None) -> str:
    """A message in ``lang`` with every text parameter shown literally."""
    key = what.key
    if not key:  # an error raised with a plain text, no catalogue key
        return literal(str(what), limit=4 * LIMIT)
    params = {k: literal(v) if isinstance(v, str) else v for k, v in what.params.items()}
    return text(key, lang, **params)
