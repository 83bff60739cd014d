"""The shared sidebar filters, kept in the URL so that a view can be shared as a link.

URL parameters: ``period`` (a period id), ``from``/``to`` (YYYY-MM-DD), ``country`` (ISO2),
``partner`` (code), ``sdg`` (goal), ``wp`` (work package), ``basis=with_pending``. A filter
without a value in the session takes it from the URL; the widgets then write the URL, so it
always reproduces the view. Choices offered are only those the viewer may see, and a link
asking for more is narrowed with a notice. A notice names the link's value as typed, as text
(``dashboard.widgets.plain``): a link's parameter is never drawn as Markdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard.widgets import plain
from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.metrics.indicators import Filters
from pipelines.words.catalogue import Message, normalise_lang
from pipelines.words.present import Words

WHOLE, DATES = "ALL", "DATES"
ANY = ""  # the "all ..." choice of the country, partner, SDG and work package filters
K_PERIOD, K_FROM, K_TO = "flt_period", "flt_from", "flt_to"
K_COUNTRY, K_PARTNER, K_SDG, K_WP, K_PENDING = (
    "flt_country",
    "flt_partner",
    "flt_sdg",
    "flt_wp",
    "flt_pending",
)
KEYS = (K_PERIOD, K_FROM, K_TO, K_COUNTRY, K_PARTNER, K_SDG, K_WP, K_PENDING)
_READ = "_flt_scope"
_NOTES = "_flt_notes"
_SAVED = "_flt_saved"


def _choices(project: Project, viewer: Viewer) -> dict[str, list]:
    return {
        "period": [WHOLE, *(p.id for p in project.periods), DATES],
        "country": [ANY, *viewer.visible_countries(project)],
        "partner": [ANY, *viewer.visible_partners(project)],
        "sdg": [ANY, *project.sdg_goals],
        "wp": [ANY, *project.wp_codes],
    }


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def read_url(
    project: Project, viewer: Viewer, params: dict[str, str]
) -> tuple[dict, list[Message]]:
    """Widget values asked for by a link, and a note for each value that was not usable."""
    choices = _choices(project, viewer)
    state: dict = {}
    notes: list[Message] = []

    def pick(name: str, key: str, raw: str | None, convert=str.upper) -> None:
        if raw is None or raw == "":
            return
        try:
            value = convert(raw.strip())
        except ValueError:
            value = None
        if value in choices[name][1:]:
            state[key] = value
        else:
            notes.append(Message(f"dashboard.filter.link_unavailable_{name}", {"raw": raw}))

    period = params.get("period")
    if period:
        ids = {p.upper(): p for p in choices["period"][1:-1]}
        if period.strip().upper() in ids:
            state[K_PERIOD] = ids[period.strip().upper()]
        else:
            notes.append(Message("dashboard.filter.link_no_period", {"raw": period}))
    lo, hi = params.get("from"), params.get("to")
    if (lo or hi) and K_PERIOD not in state:
        start, end = _date(lo or project.start.isoformat()), _date(hi or project.end.isoformat())
        if start and end and start <= end:
            state.update({K_PERIOD: DATES, K_FROM: start, K_TO: end})
        else:
            notes.append(Message("dashboard.filter.link_bad_dates"))
    pick("country", K_COUNTRY, params.get("country"))
    pick("partner", K_PARTNER, params.get("partner"))
    pick("sdg", K_SDG, params.get("sdg"), convert=int)
    pick("wp", K_WP, params.get("wp"))
    if params.get("basis") == "with_pending":
        if viewer.sees_pending:
            state[K_PENDING] = True
        else:
            notes.append(Message("dashboard.filter.link_no_pending"))
    lang = params.get("lang")
    if lang and not normalise_lang(lang):
        notes.append(Message("links.unknown_language", {"raw": lang}))
    return state, notes


def url_of(filters: Filters) -> dict[str, str]:
    """The URL parameters that reproduce these filters (defaults left out)."""
    out: dict[str, str] = {}
    if filters.period:
        out["period"] = filters.period
    if filters.date_from:
        out["from"] = filters.date_from.isoformat()
    if filters.date_to:
        out["to"] = filters.date_to.isoformat()
    if filters.country:
        out["country"] = filters.country
    if filters.partner:
        out["partner"] = filters.partner
    if filters.sdg is not None:
        out["sdg"] = str(filters.sdg)
    if filters.work_package:
        out["wp"] = filters.work_package
    if filters.basis == "with_pending":
        out["basis"] = "with_pending"
    return out


def _initialise(project: Project, viewer: Viewer) -> None:
    """Give each filter without a value the one it had on the previous page, else the
    link's value, else the default.

    Streamlit forgets a page's widgets when another page opens, so the values are also kept
    in a plain session entry; the URL carries them into shared links. A note is kept for
    each value of a link that could not be used.
    """
    scope = (viewer.username, viewer.partner, viewer.country, viewer.can("see_technical"))
    if st.session_state.get(_READ) != scope:  # a new session or another account
        for key in (*KEYS, _SAVED):
            st.session_state.pop(key, None)
        state, notes = read_url(
            project, viewer, {k: st.query_params.get(k) for k in st.query_params}
        )
        st.session_state[_SAVED] = {**_defaults(viewer), **state}
        st.session_state[_NOTES] = notes
        st.session_state[_READ] = scope
    for key, value in st.session_state[_SAVED].items():
        if key not in st.session_state:
            st.session_state[key] = value


def _defaults(viewer: Viewer) -> dict:
    values = {K_PERIOD: WHOLE, K_COUNTRY: ANY, K_PARTNER: ANY, K_SDG: ANY, K_WP: ANY}
    if viewer.sees_pending:
        values[K_PENDING] = False
    return values


def _save() -> None:
    st.session_state[_SAVED] = {k: st.session_state[k] for k in KEYS if k in st.session_state}


def sidebar(
    project: Project, viewer: Viewer, as_of: dt.date, words: Words | None = None
) -> Filters:
    """Draw the filters in the sidebar and return them (normalised). Writes the URL."""
    w = words or Words("en", project)
    _initialise(project, viewer)
    choices = _choices(project, viewer)
    periods = {p.id: p for p in project.periods}
    side = st.sidebar
    side.markdown("### " + w.t("dashboard.filter.title"))
    for note in st.session_state.get(_NOTES, []):
        side.warning(plain.message(note, w.lang), icon=":material/link_off:")

    def period_label(value: str) -> str:
        if value == WHOLE:
            return w.t(
                "dashboard.filter.whole",
                start=w.date(project.start, "medium"),
                end=w.date(project.end, "medium"),
            )
        if value == DATES:
            return w.t("dashboard.filter.custom")
        p = periods[value]
        return w.t(
            "dashboard.filter.period_option",
            id=p.id,
            name=w.period(p.id),
            start=w.date(p.start, "medium"),
            end=w.date(p.end, "medium"),
        )

    period = side.selectbox(
        w.t("dashboard.filter.period"),
        choices["period"],
        key=K_PERIOD,
        format_func=period_label,
        help=w.t("dashboard.filter.period_help"),
    )
    date_from = date_to = None
    if period == DATES:
        st.session_state.setdefault(K_FROM, project.start)
        st.session_state.setdefault(K_TO, min(as_of, project.end))
        left, right = side.columns(2)
        date_from = left.date_input(w.t("dashboard.filter.from"), key=K_FROM, format="YYYY-MM-DD")
        date_to = right.date_input(w.t("dashboard.filter.to"), key=K_TO, format="YYYY-MM-DD")

    country = ANY
    if len(choices["country"]) > 1:
        country = side.selectbox(
            w.t("dashboard.filter.country"),
            choices["country"],
            key=K_COUNTRY,
            format_func=lambda c: (
                w.t("dashboard.filter.all_countries") if c == ANY else w.country(c)
            ),
        )
    partners = [
        c for c in choices["partner"][1:] if not country or project.partner(c).country == country
    ]
    partner = ANY
    if partners:
        if st.session_state.get(K_PARTNER) not in [ANY, *partners]:
            st.session_state[K_PARTNER] = ANY
        partner = side.selectbox(
            w.t("dashboard.filter.partner"),
            [ANY, *partners],
            key=K_PARTNER,
            format_func=lambda c: (
                w.t("dashboard.filter.all_partners") if c == ANY else w.partner(c, True)
            ),
        )
    sdg = side.selectbox(
        w.t("dashboard.filter.sdg"),
        choices["sdg"],
        key=K_SDG,
        format_func=lambda g: w.t("dashboard.filter.all_sdgs") if g == ANY else w.sdg(g),
    )
    wp = side.selectbox(
        w.t("dashboard.filter.wp"),
        choices["wp"],
        key=K_WP,
        format_func=lambda c: w.t("dashboard.filter.all_wps") if c == ANY else w.work_package(c),
        help=w.t("dashboard.filter.wp_help"),
    )
    pending = False
    if viewer.sees_pending:
        pending = side.toggle(
            w.t("dashboard.filter.pending"),
            key=K_PENDING,
            help=w.t("dashboard.filter.pending_help"),
        )
    filters = Filters(
        partner=partner or None,
        country=country or None,
        sdg=None if sdg == ANY else sdg,
        period=None if period in (WHOLE, DATES) else period,
        date_from=date_from,
        date_to=date_to,
        work_package=wp or None,
        basis="with_pending" if pending else "official",
    )
    try:
        filters = filters.normalised(project)
    except UsageError as exc:
        side.error(w.t("dashboard.filter.invalid", reason=plain.message(exc, w.lang)))
        filters = replace(filters, period=None, date_from=None, date_to=None)
    _save()
    _write_url(filters)
    return filters


KEPT = ("lang", "code")  # parameters of the page and the language, not filters


def _write_url(filters: Filters) -> None:
    wanted = url_of(filters)
    for name in KEPT:
        if st.query_params.get(name):
            wanted[name] = st.query_params.get(name)
    if "lang" in wanted and not normalise_lang(wanted["lang"]):
        del wanted["lang"]  # a language the link asked for that does not exist (noted)
    if {k: st.query_params.get(k) for k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
