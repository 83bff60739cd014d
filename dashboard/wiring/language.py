"""Which language a page speaks, and the ``Words`` every page draws its texts with.

The order, first that applies:
1. ``?lang=en|ru|kk|uz`` in the URL (a shared link, or the picker, which writes it);
   the session keeps it, and puts it back in the address when a menu link drops it;
2. the language the signed-in account chose last time (``pipelines.words.preferences``);
3. the browser's language (``st.context.locale``) when the catalogue has it;
4. the installation's default (`LESLIE_LANG`), else English.
An explicit choice (the link, the account's) beats the browser's setting, which is a guess.
The picker writes the URL, so the choice stays while navigating and in links people share.
"""

from __future__ import annotations

from contextlib import suppress

import streamlit as st

from dashboard.wiring import run_context
from pipelines.access.scope import Viewer
from pipelines.errors import LeslieError
from pipelines.words import preferences
from pipelines.words.catalogue import LANGUAGES, PSEUDO, default_lang, normalise_lang
from pipelines.words.present import Words

PARAM = "lang"
PICKER = "lang_picker"
KEPT = "_lang"  # the session's language: menu links open pages without ``?lang=``
# each language named in itself, so a reader finds their own whatever the page's language
NATIVE = {"en": "English", "ru": "Русский", "kk": "Қазақ тілі", "uz": "Oʻzbekcha"}


def _from_url() -> str | None:
    lang = normalise_lang(st.query_params.get(PARAM))
    if lang:
        st.session_state[KEPT] = lang
    return lang


def _from_session() -> str | None:
    """The language this session was given by a link or the picker. Streamlit's menu opens
    a page without the query, so the address gets it back (and keeps it for sharing)."""
    lang = normalise_lang(st.session_state.get(KEPT))
    if lang and PARAM not in st.query_params:
        st.query_params[PARAM] = lang
    return lang


def _from_account(viewer: Viewer | None) -> str | None:
    if viewer is None or not viewer.username:
        return None
    try:
        return preferences.saved_language(run_context.data_dir(), viewer.username)
    except LeslieError:
        return None


def _from_browser() -> str | None:
    try:
        return normalise_lang(st.context.locale)
    except Exception:  # no browser behind this run (a script run outside a server)
        return None


def current_lang(viewer: Viewer | None = None) -> str:
    """The language of this run (see the module's order)."""
    return (
        _from_url() or _from_session() or _from_account(viewer) or _from_browser() or default_lang()
    )


def current_words(viewer: Viewer | None = None) -> Words:
    """``Words`` in the current language with the project's names (without a project when
    the configuration cannot be read: the page shows that error in words)."""
    lang = current_lang(viewer)
    try:
        project = run_context.project_of(run_context.data_dir())
    except LeslieError:
        project = None
    return Words(lang, project)


def picker(where, viewer: Viewer | None = None) -> str:
    """A language choice (sidebar or sign-in page). Writes ``?lang=`` and, when signed in,
    remembers the choice for the account.

    The widget always starts from the page's language: a page opened from the menu draws a
    new picker, whose own default (English) must never pass for a choice."""
    lang = current_lang(viewer)
    options = list(LANGUAGES) + ([PSEUDO] if lang == PSEUDO else [])
    words = Words(lang)
    st.session_state[PICKER] = lang
    where.selectbox(
        words.t("dashboard.language.label"),
        options,
        key=PICKER,
        format_func=lambda code: _native(code, lang),
        on_change=_chosen,
        args=(viewer,),
    )
    return lang


def _chosen(viewer: Viewer | None) -> None:
    """The reader picked a language: the address, the session and the account keep it
    (runs before the page draws, so the whole page speaks it)."""
    chosen = normalise_lang(st.session_state.get(PICKER))
    if not chosen:
        return
    st.query_params[PARAM] = chosen
    st.session_state[KEPT] = chosen
    if viewer is not None and viewer.username:
        with suppress(LeslieError):  # the URL still carries the choice
            preferences.save_language(run_context.data_dir(), viewer.username, chosen)


def _native(code: str, lang: str) -> str:
    name = NATIVE.get(code, code)
    return f"⟦{name}⟧" if lang == PSEUDO else name
