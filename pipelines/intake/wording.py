"""Intake messages as keys and parameters, put into words only at the edge.

A parameter may itself be a ``Message`` (a phrase such as "enter yes or no"), or a list of
them (joined with "; "); a message with an ``n`` parameter is a plural entry. So a problem
found once can be shown in each reader's language.
"""

from __future__ import annotations

from pipelines.words.catalogue import Message, plural, text


def render(key: str, params: dict[str, object], lang: str | None = None) -> str:
    """The text of ``key`` in ``lang``, nested phrases rendered in the same language."""
    shown = {name: _param(value, lang) for name, value in params.items()}
    if "n" in shown:
        count = shown.pop("n")
        return plural(key, int(count), lang, **shown)  # type: ignore[arg-type]
    return text(key, lang, **shown)


def phrase(key: str, **params: object) -> Message:
    """A phrase to be nested in a message (rendered with it, in its language)."""
    return Message(key, params)


def _param(value: object, lang: str | None) -> object:
    if isinstance(value, Message):
        return render(value.key, value.params, lang)
    if isinstance(value, list) and value and all(isinstance(v, Message) for v in value):
        return "; ".join(render(v.key, v.params, lang) for v in value)
    return value
