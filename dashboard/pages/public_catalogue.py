"""Public catalogue: the micro-credentials ready to publish, for anyone when ``[access]
public_view`` is on (and for every signed-in account). Searchable and filterable by SDG,
EQF level, ECTS, teaching language, mode and country, in the reader's language (a fallback
marked), with each module's ELM JSON-LD and a CSV of the Council Recommendation's elements.
Nothing about learners is shown."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard.widgets import shown_tables, ui
from dashboard.wiring.cached_queries import read
from pipelines.catalogue import elm, texts
from pipelines.catalogue.public import ELEMENT_FIELDS, elements


def _matches(m: dict, search: str, w) -> bool:
    if not search:
        return True
    haystack = " ".join(
        [
            str(m["module_code"]),
            *texts.texts(m, "title").values(),
            *texts.texts(m, "learning_outcomes").values(),
            w.partner_full(str(m["lead_partner_code"])),
        ]
    )
    return search.casefold() in haystack.casefold()


def render() -> None:
    opened = ui.open_to_everyone("microcred.public.title", "see_public_catalogue")
    if opened is None:
        return
    directory, project, w = opened
    st.caption(w.t("microcred.public.intro"))
    modules: list[dict] = read(directory, "ready_modules")
    country_of = {p.code: p.country for p in project.partners}
    search = st.text_input(w.t("pages_b.catalogue.search"), key="pcat_search")
    choose = w.t("catalogue_filters.choose")
    a, b, c = st.columns(3)
    sdgs = a.multiselect(w.t("microcred.public.sdg"), list(project.sdg_goals),
                         format_func=w.sdg, key="pcat_sdg", placeholder=choose)  # fmt: skip
    levels = b.multiselect(w.t("pages_b.col.eqf_level"), sorted({m["eqf_level"] for m in modules}),
                           key="pcat_eqf", placeholder=choose)  # fmt: skip
    countries = c.multiselect(w.t("pages_b.col.country_name"),
                              sorted({country_of[m["lead_partner_code"]] for m in modules}),
                              format_func=w.country, key="pcat_country", placeholder=choose)  # fmt: skip
    d, e, f = st.columns(3)
    spoken = sorted({x for m in modules for x in m.get("language") or []})
    langs = d.multiselect(w.t("pages_b.col.language"), spoken, format_func=w.language,
                          key="pcat_lang", placeholder=choose)  # fmt: skip
    modes = e.multiselect(w.t("pages_b.col.delivery_mode"), list(project.vocabulary("delivery_mode")),
                          format_func=lambda x: w.vocab("delivery_mode", x), key="pcat_mode", placeholder=choose)  # fmt: skip
    most = max([float(m["ects"]) for m in modules] or [1.0])
    low, high = f.slider(w.t("pages_b.col.ects"), 0.0, most, (0.0, most), step=0.5,
                         key="pcat_ects")  # fmt: skip
    shown = [
        m for m in modules
        if _matches(m, search.strip(), w)
        and (not sdgs or set(sdgs) & set(m.get("sdg_goals") or []))
        and (not levels or m["eqf_level"] in levels)
        and (not countries or country_of[m["lead_partner_code"]] in countries)
        and (not langs or set(langs) & set(m.get("language") or []))
        and (not modes or m["delivery_mode"] in modes)
        and low <= float(m["ects"]) <= high
    ]  # fmt: skip
    st.caption(w.n("catalogue_filters.public_count", len(shown)))
    if not shown:
        st.info(w.t("microcred.public.none"), icon=":material/search_off:")
        return
    table = pd.DataFrame(
        [
            {
                w.t("pages_b.col.module_code"): m["module_code"],
                w.t("pages_b.col.title"): texts.label(w, texts.shown(m, "title", w.lang)),
                w.t("pages_b.col.awarding_body"): w.partner_full(m["lead_partner_code"]),
                w.t("pages_b.col.country_name"): w.country(country_of[m["lead_partner_code"]]),
                w.t("pages_b.col.ects"): w.number(m["ects"], "ECTS"),
                w.t("pages_b.col.eqf_level"): str(m["eqf_level"]),
                w.t("pages_b.col.learning_outcomes"): texts.label(
                    w, texts.shown(m, "learning_outcomes", w.lang)
                ),
                w.t("pages_b.col.delivery_mode"): w.vocab("delivery_mode", m["delivery_mode"]),
                w.t("pages_b.col.language"): ", ".join(
                    w.language(x) for x in m.get("language") or []
                ),
                w.t("pages_b.col.sdg_goals"): ", ".join(str(g) for g in m.get("sdg_goals") or []),
            }
            for m in shown
        ]
    )
    shown_tables.show(table, hide_index=True, width="stretch")
    rows = [elements(m, project, w.lang) for m in shown]
    elements_table = pd.DataFrame(rows, columns=list(ELEMENT_FIELDS))
    st.download_button(
        w.t("microcred.public.download_csv"), data=ui.csv_later(elements_table),
        file_name="leslie-catalogue.csv", mime="text/csv", key="csv-public-catalogue",
        icon=":material/download:", on_click="ignore",
    )  # fmt: skip
    codes = [m["module_code"] for m in shown]
    pick = st.selectbox(w.t("pages_b.catalogue.module"), codes, key="pcat_module")
    module = next(m for m in shown if m["module_code"] == pick)

    def json_ld() -> bytes:
        document = elm.document(module, project)
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    st.download_button(
        w.t("microcred.public.download_jsonld"), data=json_ld,
        file_name=f"{pick}.jsonld", mime="application/ld+json", key="jsonld-public-catalogue",
        icon=":material/data_object:", on_click="ignore",
    )  # fmt: skip


with ui.friendly_errors():
    render()
