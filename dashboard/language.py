"""Which language a page speaks, and the ``Words`` every page draws its texts with.

The order, first that applies:
1. ``?lang=en|ru|kk|uz`` in the URL (a shared link, or the picker, which writes it);
2. the language the signed-in account chose last time (``pipelines.access.preferences``);
3. the browser's language (``st.context.locale``) when the catalogue has it;
4. the installation's default (`LESLIE_LANG`), else English.
An explicit choice (the link, the account's) beats the browser's setting, which is a guess.
The picker writes the URL, so the choice stays while navigating and in links people share.
"""

from __future__ import annotations

from contextlib import suppress

import streamlit as st

from dashboard import context
from pipelines.access import preferences
from pipelines.access.scope import Viewer
from pipelines.errors import LeslieError
from pipelines.words.catalogue import LANGUAGES, PSEUDO, default_lang, normalise_lang
from pipelines.words.present import Words

PARAM = "lang"
PICKER = "lang_picker"
# each language named in itself, so a reader finds their own whatever the page's language
NATIVE = {"en": "English", "ru": "Русский", "kk": "Қазақ тілі", "uz": "Oʻzbekcha"}


def _from_url() -> str | None:
    return normalise_lang(st.query_params.get(PARAM))


def _from_account(viewer: Viewer | None) -> str | None:
    if viewer is None or not viewer.username:
        return None
    try:
        return preferences.saved_language(context.data_dir(), viewer.username)
    except LeslieError:
        return None


def _from_browser() -> str | None:
    try:
        return normalise_lang(st.context.locale)
    except Exception:  # no browser behind this run (a script run outside a server)
        return None


def current_lang(viewer: Viewer | None = None) -> str:
    """The language of this run (see the module's order)."""
    return _from_url() or _from_account(viewer) or _from_browser() or default_lang()


def current_words(viewer: Viewer | None = None) -> Words:
    """``Words`` in the current language with the project's names (without a project when
    the configuration cannot be read: the page shows that error in words)."""
    lang = current_lang(viewer)
    try:
        project = context.project_of(context.data_dir())
    except LeslieError:
        project = None
    return Words(lang, project)


def picker(where, viewer: Viewer | None = None) -> str:
    """A language choice (sidebar or sign-in page). Writes ``?lang=`` and, when signed in,
    remembers the choice for the account."""
    lang = current_lang(viewer)
    options = list(LANGUAGES) + ([PSEUDO] if lang == PSEUDO else [])
    words = Words(lang)
    if st.session_state.get(PICKER) not in options or st.session_state.get(PICKER) != lang:
        st.session_state[PICKER] = lang
    chosen = where.selectbox(
        words.t("dashboard.language.label"),
        options,
        key=PICKER,
        format_func=lambda code: _native(code, lang),
    )
    if chosen != lang:
        st.query_params[PARAM] = chosen
        if viewer is not None and viewer.username:
            with suppress(LeslieError):  # the URL still carries the choice
                preferences.save_language(context.data_dir(), viewer.username, chosen)
        st.rerun()
    return lang


def _native(code: str, lang: str) -> str:
    name = NATIVE.get(code, code)
    return f"⟦{name}⟧" if lang == PSEUDO else name
