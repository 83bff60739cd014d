"""SYNTHETIC sample submissions for every configured partner, and benchmark-scale CSVs.

The sample shows the product working end to end (demo, tests, screenshots) without any real
learner: every record is invented by a seeded generator, so the same seed always gives the
same bytes. Files come in the shapes partners really send (semicolon CSVs with DD.MM.YYYY
dates from a Russian or Spanish Excel, workbooks made from the template, a national
coordinator's workbook for the whole country) and one later correction, so history shows.

``python -m pipelines.sample.generate --out data/sample`` regenerates the bundled set.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from pipelines.config import Partner, Project, load_project
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.templates import FIXED_CREATED, workbook_bytes
from pipelines.paths import DataDir
from pipelines.sample.content import (
    ABROAD_COUNTRIES,
    ACTIVITY_TITLES,
    ASSESSMENT_TYPES,
    ENTRY_REQUIREMENTS,
    ISCED_FIELDS,
    KICK_OFF_TITLE,
    LEARNING_OUTCOMES_TEXT,
    LOCAL_LANGUAGES,
    MORE_TITLES,
    PARTNER_MEETING_TITLE,
    QUALITY_ASSURANCE,
    TEXT_LANGUAGES_BY_COUNTRY,
    TEXT_LANGUAGES_OTHERS,
    TITLE_LANGUAGE_WEIGHTS,
    TOPICS,
    Topic,
)

AS_OF = dt.date(2026, 11, 28)  # last day with records; validate with LESLIE_TODAY >= 2026-11-29
KICK_OFF = dt.date(2024, 2, 27)
PARTNER_MEETING = dt.date(2025, 12, 9)
CORRECTION_PARTNER = "KAZNU"  # whose enrollments get a second, corrected submission
CORRECTION_CUTOFF = dt.date(2026, 9, 30)  # the first submission shows the state at this date
CATALOGUE_URL = "https://leslie-project.eu/catalogue/{code}"  # illustrative
NEWS_URL = "https://leslie-project.eu/news/{day}-{partner}-{n}"  # illustrative
SYNTHETIC_NOTE = "SYNTHETIC sample data: invented records, no real learner or activity"

OPEN_STATUSES = ("piloted", "accredited", "delivered")
# 23 topics: how many modules stand at each stage of development
MODULE_STATUSES = ["delivered"] * 7 + ["accredited"] * 6 + ["piloted"] * 5
MODULE_STATUSES += ["in_development"] * 3 + ["planned"] * 2
MICRO_SHARE = 2 / 3
LEARNER_SCALE = 1.6  # learners per unit of the project's per-partner ENR-1 target
ACTIVITY_SCALE = 1.8  # activities per unit of the per-partner DIS-1 target
DEFAULT_LEARNERS = {"hei": 100, "ngo": 40, "ministry": 0}
DEFAULT_ACTIVITIES = 6
FEW_MINISTRY_LEARNERS = 7  # the first ministry trains a handful of public servants

LEARNER_TYPES = {
    "hei": {
        "bachelor": 0.40,
        "master": 0.25,
        "phd": 0.07,
        "academic_staff": 0.16,
        "professional": 0.08,
        "public_servant": 0.04,
    },
    "ngo": {"professional": 0.45, "public_servant": 0.30, "academic_staff": 0.10, "master": 0.15},
    "ministry": {"public_servant": 1.0},
}
ID_LETTER = {"academic_staff": "T", "professional": "P", "public_servant": "P"}  # else "S"
GENDERS = {"F": 0.515, "M": 0.455, "X": 0.01, "U": 0.02}
MODULES_PER_LEARNER = {1: 0.70, 2: 0.22, 3: 0.08}
EVENT_SIZE = {
    "event": (30, 150),
    "workshop": (15, 60),
    "training": (10, 40),
    "conference": (60, 300),
    "multiplier_event": (40, 120),
}
MEDIA_REACH = {
    "press": (1000, 25000),
    "social_media": (300, 12000),
    "website": (200, 4000),
    "newsletter": (150, 1500),
    "publication": (80, 2500),
}
ACTIVITY_MIX = {
    "hei": {
        "workshop": 0.18,
        "training": 0.12,
        "conference": 0.12,
        "event": 0.10,
        "multiplier_event": 0.05,
        "publication": 0.12,
        "press": 0.08,
        "social_media": 0.13,
        "website": 0.06,
        "newsletter": 0.04,
    },
    "ngo": {
        "workshop": 0.20,
        "training": 0.20,
        "event": 0.15,
        "social_media": 0.15,
        "press": 0.10,
        "newsletter": 0.10,
        "website": 0.05,
        "publication": 0.05,
    },
    "ministry": {
        "event": 0.30,
        "conference": 0.20,
        "press": 0.25,
        "website": 0.15,
        "workshop": 0.1,
    },
}


# --------------------------------------------------------------------------- file shapes


@dataclass(frozen=True)
class CsvShape:
    """How a partner's Excel writes a CSV (locale decides delimiter, dates, decimals)."""

    delimiter: str = ","
    date_format: str = "%Y-%m-%d"
    decimal_comma: bool = False
    bom: bool = True
    yes_no: tuple[str, str] = ("yes", "no")
    list_sep: str = ";"
    line_end: str = "\r\n"
    encoding: str = "utf-8"


ISO = CsvShape()
ISO_PLAIN = CsvShape(bom=False, line_end="\n")
RU_EXCEL = CsvShape(";", "%d.%m.%Y", decimal_comma=True)
ES_EXCEL = CsvShape(";", "%d/%m/%Y", decimal_comma=True)
RU_1251 = CsvShape(";", "%d.%m.%Y", decimal_comma=True, bom=False, encoding="cp1251")
IT_EXCEL = CsvShape(";", "%d/%m/%Y", decimal_comma=True, bom=False, yes_no=("Y", "N"))
# By country: Excel's regional defaults. Central Asian partners alternate between the two.
COUNTRY_SHAPES = {"ES": (ES_EXCEL,), "IT": (IT_EXCEL,), "CY": (ISO,)}
DEFAULT_SHAPES = (RU_EXCEL, ISO_PLAIN)


def _text(value: object, shape: CsvShape) -> str:
    """One cell as that Excel would write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return shape.yes_no[0] if value else shape.yes_no[1]
    if isinstance(value, dt.date):
        return value.strftime(shape.date_format)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", ",") if shape.decimal_comma else text
    if isinstance(value, (list, tuple)):
        return shape.list_sep.join(str(v) for v in value)
    return str(value)


def csv_bytes(template: str, rows: list[dict], shape: CsvShape) -> bytes:
    """Rows (contract column -> Python value) as a CSV in the given shape, contract order."""
    columns = [c.name for c in TEMPLATES[template].columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=shape.delimiter, lineterminator=shape.line_end)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row.get(c), shape) for c in columns])
    data = buffer.getvalue().encode(shape.encoding)
    return (b"\xef\xbb\xbf" + data) if shape.bom and shape.encoding == "utf-8" else data


# --------------------------------------------------------------------------- helpers


def _pick(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _title_language(rng: random.Random, country: str, available: dict[str, str]) -> str:
    weights = TITLE_LANGUAGE_WEIGHTS.get(country, {"en": 1.0})
    weights = {k: v for k, v in weights.items() if k in available} or {"en": 1.0}
    return str(_pick(rng, weights))


def _partner_target(project: Project, code: str, partner: str) -> float | None:
    try:
        return project.indicator(code).partner_targets.get(partner)
    except KeyError:
        return None


# --------------------------------------------------------------------------- modules


def _assign_leads(project: Project, rng: random.Random) -> list[tuple[Topic, Partner]]:
    """Each topic to a lead (HEIs and the NGO), evenly, country-specific topics first."""
    leads = [p for p in project.partners if p.type in ("hei", "ngo")]
    if not leads:
        raise ValueError("the project configures no hei or ngo partner to lead modules")
    rng.shuffle(leads)
    load = {p.code: 0 for p in leads}
    pairs: list[tuple[Topic, Partner]] = []
    for topic in sorted(TOPICS, key=lambda t: t.country is None):
        fitting = [p for p in leads if p.country == topic.country] or leads
        lead = min(fitting, key=lambda p: (load[p.code] + (p.type == "ngo"), leads.index(p)))
        load[lead.code] += 1
        pairs.append((topic, lead))
    return sorted(pairs, key=lambda tp: TOPICS.index(tp[0]))


def make_modules(project: Project, rng: random.Random) -> list[dict]:
    """~23 modules led by the HEIs and the NGO, over all the project's SDGs."""
    pairs = _assign_leads(project, rng)
    statuses = MODULE_STATUSES[:]
    rng.shuffle(statuses)
    micro = [i < round(len(pairs) * MICRO_SHARE) for i in range(len(pairs))]
    rng.shuffle(micro)
    heis = [p for p in project.partners if p.type == "hei"]
    modules = []
    for (topic, lead), status, is_micro in zip(pairs, statuses, micro, strict=True):
        lang = _title_language(rng, lead.country, topic.titles)
        local = LOCAL_LANGUAGES.get(lead.country, ())
        languages = [lang] + (["en"] if lang != "en" else [])
        extra = [x for x in local if x not in languages]
        if extra and rng.random() < 0.5:
            languages.append(extra[0])
        others = [p.code for p in heis if p.code != lead.code]
        co = sorted(rng.sample(others, rng.choice((0, 1, 1, 2)))) if others else []
        code = f"{lead.code}-{topic.stem}"
        if status in OPEN_STATUSES:
            first = dt.date(2025, 2, 1) if status == "piloted" else dt.date(2024, 5, 1)
            last = dt.date(2026, 3, 1) if status == "piloted" else dt.date(2025, 9, 30)
            available: dt.date | None = _day_between(rng, first, last)
        elif rng.random() < 0.6:  # future start: allowed for modules not yet open
            available = dt.date(2027, 2, 1) if status == "in_development" else dt.date(2027, 9, 1)
        else:
            available = None
        goals = sorted(g for g in topic.sdg_goals if g in project.sdg_goals)
        written_in = TEXT_LANGUAGES_BY_COUNTRY.get(lead.country, TEXT_LANGUAGES_OTHERS)
        modules.append(
            {
                "module_code": code,
                "title": topic.titles["en"],
                "lead_partner_code": lead.code,
                "partner_codes": co,
                "work_package": topic.work_package,
                "sdg_goals": goals,
                "ects": rng.choice((1.0, 1.5, 2.0, 2.5, 3.0, 3.0, 4.0, 4.0, 5.0, 6.0)),
                "eqf_level": int(_pick(rng, {5: 0.15, 6: 0.45, 7: 0.30, 8: 0.10})),
                "language": languages,
                "delivery_mode": _pick(rng, {"online": 0.3, "blended": 0.45, "on_site": 0.25}),
                "status": status,
                "micro_credential": is_micro,
                "learning_outcomes": _outcomes(topic, "en", goals) if is_micro else None,
                "assessment_type": rng.choice(ASSESSMENT_TYPES) if is_micro else None,
                "quality_assurance": rng.choice(QUALITY_ASSURANCE) if is_micro else None,
                "available_from": available,
                "catalog_url": CATALOGUE_URL.format(code=code) if status != "planned" else None,
                **{f"title_{x}": _title(topic, x) for x in written_in},
                **{
                    f"learning_outcomes_{x}": _outcomes(topic, x, goals) if is_micro else None
                    for x in written_in
                },
                "isced_field": ISCED_FIELDS.get(topic.stem),
                "entry_requirements": None,
            }
        )
        modules[-1]["entry_requirements"] = ENTRY_REQUIREMENTS.get(modules[-1]["eqf_level"])
    _leave_untranslated(modules)
    return modules


def _title(topic: Topic, lang: str) -> str:
    return topic.titles.get(lang) or MORE_TITLES[topic.stem][lang]


def _outcomes(topic: Topic, lang: str, goals: list[int]) -> str:
    """The learning outcomes of a topic in one language (the topic's title quoted, so no
    language has to decline it)."""
    title = topic.titles["en"].lower() if lang == "en" else _title(topic, lang)
    return LEARNING_OUTCOMES_TEXT[lang].format(topic=title, goals=", ".join(map(str, goals)))


def _leave_untranslated(modules: list[dict]) -> None:
    """One accredited micro-credential keeps its learning outcomes in English only, so the
    catalogue has a module that is not ready to publish for a reason a partner can fix."""
    for module in sorted(modules, key=lambda m: m["module_code"]):
        if module["micro_credential"] and module["status"] == "accredited":
            for key in [k for k in module if k.startswith("learning_outcomes_")]:
                module[key] = None
            return


# --------------------------------------------------------------------------- enrollments


def _learner_count(project: Project, partner: Partner, rng: random.Random, first_ministry: bool):
    target = _partner_target(project, "ENR-1", partner.code)
    if target is not None:
        return round(target * LEARNER_SCALE * rng.uniform(0.85, 1.15))
    if partner.type == "ministry":
        return FEW_MINISTRY_LEARNERS if first_ministry else 0
    return DEFAULT_LEARNERS.get(partner.type, 40)


def make_enrollments(project: Project, modules: list[dict], rng: random.Random) -> list[dict]:
    """Learners per partner, 1-3 open modules each, outcomes consistent with the dates.

    Each row carries ``_closed_on`` (when it left the 'enrolled' state; not a contract column)
    so an earlier snapshot of the same records can be produced for the correction example.
    """
    open_modules = [m for m in modules if m["status"] in OPEN_STATUSES]
    country = {p.code: p.country for p in project.partners}
    rows: list[dict] = []
    ministries_seen = 0
    for partner in project.partners:
        first_ministry = partner.type == "ministry" and ministries_seen == 0
        ministries_seen += partner.type == "ministry"
        n = _learner_count(project, partner, rng, first_ministry)
        if n <= 0 or not open_modules:
            continue
        weights = []
        for m in open_modules:
            if m["lead_partner_code"] == partner.code or partner.code in m["partner_codes"]:
                weights.append(4.0)
            elif country[m["lead_partner_code"]] == partner.country:
                weights.append(2.0)
            else:
                weights.append(0.3)
        types = LEARNER_TYPES.get(partner.type, LEARNER_TYPES["hei"])
        numbers = rng.sample(range(1, 1_000_000), n)
        for number in numbers:
            learner_type = str(_pick(rng, types))
            learner_id = f"{partner.code}-{ID_LETTER.get(learner_type, 'S')}-{number:06d}"
            gender = _pick(rng, GENDERS)
            k = min(int(_pick(rng, MODULES_PER_LEARNER)), len(open_modules))
            pool, pool_w, chosen = list(open_modules), list(weights), []
            for _ in range(k):
                i = rng.choices(range(len(pool)), weights=pool_w)[0]
                chosen.append(pool.pop(i))
                pool_w.pop(i)
            for module in chosen:
                rows.append(
                    _enrollment(rng, partner.code, learner_id, gender, learner_type, module)
                )
    return rows


def _enrollment(rng, partner, learner_id, gender, learner_type, module) -> dict:
    enrolled = _day_between(rng, module["available_from"], AS_OF)
    duration = rng.randint(28, 150)
    end = enrolled + dt.timedelta(days=duration)
    status, closed = "enrolled", None
    if end <= AS_OF:
        status = str(_pick(rng, {"completed": 0.72, "withdrawn": 0.12, "failed": 0.08, "e": 0.08}))
        if status == "withdrawn":
            closed = enrolled + dt.timedelta(days=rng.randint(7, duration))
        elif status == "e":  # still studying, long part-time course
            status = "enrolled"
        else:
            closed = end
    completed = status == "completed"
    if completed:
        earned: float | None = module["ects"]
        credential: bool | None = module["micro_credential"] and rng.random() < 0.92
    else:
        earned = 0.0 if rng.random() < 0.5 else None
        credential = False if rng.random() < 0.5 else None
    return {
        "partner_code": partner,
        "module_code": module["module_code"],
        "learner_id": learner_id,
        "gender": gender,
        "learner_type": learner_type,
        "enrolled_on": enrolled,
        "status": status,
        "completed_on": end if completed else None,
        "ects_earned": earned,
        "credential_issued": credential,
        "_closed_on": closed,
    }


def snapshot(rows: list[dict], cutoff: dt.date) -> list[dict]:
    """The same records as they stood at ``cutoff``: later enrollments absent, later
    outcomes still 'enrolled'. Used for a first submission that a correction supersedes."""
    out = []
    for row in rows:
        if row["enrolled_on"] > cutoff:
            continue
        closed = row["_closed_on"]
        if closed is not None and closed > cutoff:
            row = dict(row, status="enrolled", completed_on=None, ects_earned=None)
            row["credential_issued"] = None
        out.append(row)
    return out


# --------------------------------------------------------------------------- dissemination


def _activity_count(project: Project, partner: Partner, rng: random.Random) -> int:
    target = _partner_target(project, "DIS-1", partner.code)
    base = target * ACTIVITY_SCALE if target is not None else DEFAULT_ACTIVITIES
    return max(1, round(base * rng.uniform(0.8, 1.2)))


def _activity(rng, project: Project, partner: Partner, kind: str, day: dt.date) -> dict:
    topic = rng.choice(TOPICS)
    if partner.type == "ministry" and "ru" in topic.titles:  # ministries write in Russian
        lang = "ru"
    else:
        lang = _title_language(rng, partner.country, topic.titles)
    titles = ACTIVITY_TITLES[lang]
    abroad = rng.random() < (0.4 if kind == "conference" else 0.06)
    place = rng.choice(ABROAD_COUNTRIES) if abroad else partner.country
    if kind in ("press", "social_media", "website", "newsletter"):
        audience = ["general_public", *rng.sample(["media", "students", "business"], 1)]
    elif kind == "publication":
        audience = ["academics"] + (["students"] if rng.random() < 0.5 else [])
    elif kind == "conference":
        audience = ["academics"] + (["ngo"] if rng.random() < 0.3 else [])
    else:
        audience = rng.sample(["students", "academics", "business", "ngo", "general_public"], 2)
    if partner.type == "ministry" or rng.random() < 0.12:
        audience.append("policy_makers")
    order = project.vocabulary("audience")
    audience = sorted(set(audience), key=order.index)
    participants = reach = None
    if kind in EVENT_SIZE:
        participants = rng.randint(*EVENT_SIZE[kind])
        if rng.random() < 0.7:
            reach = participants + (rng.randint(50, 800) if rng.random() < 0.3 else 0)
    else:
        reach = rng.randint(*MEDIA_REACH[kind])
    goals = list(project.sdg_goals)
    sdgs = sorted(rng.sample(goals, rng.randint(1, min(3, len(goals))))) if goals else []
    return {
        "partner_code": partner.code,
        "date": day,
        "activity_type": kind,
        "title": titles[kind].format(topic=topic.titles[lang]),
        "country": place,
        "audience": audience,
        "participants": participants,
        "reach": reach,
        "sdg_goals": sdgs if rng.random() < 0.85 else [],
        "url": None,
    }


def make_dissemination(project: Project, rng: random.Random) -> list[dict]:
    """Activities of every partner over the project, ids in each partner's own style."""
    rows: list[dict] = []
    hosts = [p for p in project.partners if p.role == "national_coordinator"]
    for index, partner in enumerate(project.partners):
        mix = ACTIVITY_MIX.get(partner.type, ACTIVITY_MIX["hei"])
        mine = []
        if partner.code == project.coordinator:
            kick_off = _activity(rng, project, partner, "event", KICK_OFF)
            mine.append(dict(kick_off, title=KICK_OFF_TITLE, country=partner.country))
        if hosts and partner.code == hosts[0].code:
            meeting = _activity(rng, project, partner, "event", PARTNER_MEETING)
            mine.append(dict(meeting, title=PARTNER_MEETING_TITLE, country=partner.country))
        for _ in range(_activity_count(project, partner, rng)):
            kind = str(_pick(rng, mix))
            day = _day_between(rng, dt.date(2024, 3, 1), AS_OF)
            mine.append(_activity(rng, project, partner, kind, day))
        mine.sort(key=lambda a: (a["date"], a["activity_type"], a["title"]))
        per_year: dict[int, int] = {}
        for n, activity in enumerate(mine, 1):
            year = activity["date"].year
            per_year[year] = per_year.get(year, 0) + 1
            style = index % 3
            if style == 0:
                activity["activity_id"] = f"{year}-{per_year[year]:02d}"
            elif style == 1:
                activity["activity_id"] = f"DIS-{n:03d}"
            else:
                activity["activity_id"] = f"{partner.code}/{year}/{per_year[year]:02d}"
            if rng.random() < 0.85:
                day = activity["date"].isoformat()
                activity["url"] = NEWS_URL.format(day=day, partner=partner.code.lower(), n=n)
        rows.extend(mine)
    return rows


# --------------------------------------------------------------------------- files


def plain_workbook_bytes(template: str, rows: list[dict], sheet: str) -> bytes:
    """A workbook as a partner's own Excel export: one sheet, no styling, real dates."""
    import xlsxwriter

    columns = [c.name for c in TEMPLATES[template].columns]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": FIXED_CREATED, "comments": SYNTHETIC_NOTE})
    dates = book.add_format({"num_format": "dd.mm.yyyy"})
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, columns)
    for r, row in enumerate(rows, 1):
        for c, name in enumerate(columns):
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif isinstance(value, bool):
                ws.write_string(r, c, "yes" if value else "no")
            elif isinstance(value, (list, tuple)):
                ws.write_string(r, c, "; ".join(str(v) for v in value))
            else:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


README = """LESLIE Impact - SYNTHETIC sample submissions
=============================================

Everything in this folder is INVENTED by pipelines/sample.py (seed {seed}). No record
describes a real learner, module or activity; partner codes are those of data/project.toml.
Learner ids are pseudonymous ("KAZNU-S-000123"), never names or e-mail addresses.
Web addresses are illustrative.

Regenerate (byte-identical):  python -m pipelines.sample.generate --out data/sample
Dates run to {as_of}; validate with LESLIE_TODAY on or after the next day.

Ingest in this order (modules first, the correction last):
{files}

The files come in the shapes partners send: a workbook made from the template, CSVs
written by a Spanish or Russian Excel (';' delimiter, DD/MM/YYYY or DD.MM.YYYY dates,
decimal comma), plain UTF-8 CSVs, and a national coordinator's workbook for a whole
country. {correction} supersedes the first enrollments submission of {partner}:
learners who finished after {cutoff} now show as completed, later enrollments appear.
"""


def generate_sample(out_dir: Path, project: Project, seed: int = 2024) -> list[Path]:
    """Write the synthetic submissions under ``out_dir``; return them in ingest order."""
    rng = random.Random(seed)
    modules = make_modules(project, rng)
    enrollments = make_enrollments(project, modules, rng)
    activities = make_dissemination(project, rng)
    out_dir = Path(out_dir)
    written: list[tuple[Path, bytes]] = []

    props = {"comments": SYNTHETIC_NOTE}
    written.append((out_dir / "modules.xlsx", workbook_bytes("modules", project, modules, props)))

    correction = CORRECTION_PARTNER
    learners = [
        p for p in project.partners if any(r["partner_code"] == p.code for r in enrollments)
    ]
    if correction not in {p.code for p in learners} and learners:
        correction = learners[0].code
    by_country: dict[str, int] = {}
    for partner in learners:
        rows = [r for r in enrollments if r["partner_code"] == partner.code]
        shapes = COUNTRY_SHAPES.get(partner.country, DEFAULT_SHAPES)
        seen = by_country.get(partner.country, 0)
        by_country[partner.country] = seen + 1
        shape = shapes[seen % len(shapes)]
        if partner.code == correction:
            rows = snapshot(rows, CORRECTION_CUTOFF)
        path = out_dir / "enrollments" / f"{partner.code}.csv"
        written.append((path, csv_bytes("enrollments", rows, shape)))

    folder = out_dir / "dissemination"
    eu = {c.iso2 for c in project.countries if c.region == "EU"}
    groups: dict[tuple[str, str], list[dict]] = {}
    for activity in activities:
        partner = project.partner(activity["partner_code"])
        if partner.country in eu:
            key = ("partner", partner.code)
        elif partner.type == "ministry":
            key = ("ministry", partner.code)
        else:
            key = ("country", partner.country)
        groups.setdefault(key, []).append(activity)
    for (kind, name), rows in groups.items():
        if kind == "country":  # the national coordinator collects the country in one workbook
            data = plain_workbook_bytes("dissemination", rows, sheet="Лист1")
            written.append((folder / f"{name}.xlsx", data))
        elif kind == "ministry":  # a Russian Windows Excel: ';', DD.MM.YYYY, Windows-1251
            written.append((folder / f"{name}.csv", csv_bytes("dissemination", rows, RU_1251)))
        elif name == project.coordinator:  # the coordinator fills the workbook template
            data = workbook_bytes("dissemination", project, rows, props)
            written.append((folder / f"{name}.xlsx", data))
        else:
            shape = COUNTRY_SHAPES.get(project.partner(name).country, (ISO,))[0]
            written.append((folder / f"{name}.csv", csv_bytes("dissemination", rows, shape)))

    full = [r for r in enrollments if r["partner_code"] == correction]
    if full:
        path = out_dir / "corrections" / f"{correction}_enrollments_v2.csv"
        written.append((path, csv_bytes("enrollments", full, ISO)))

    for path, data in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    files = [p for p, _ in written]
    listing = "\n".join(
        f"  {i:2d}. {p.relative_to(out_dir).as_posix()}" for i, p in enumerate(files, 1)
    )
    readme = README.format(
        seed=seed,
        as_of=AS_OF.isoformat(),
        files=listing,
        correction=f"corrections/{correction}_enrollments_v2.csv",
        partner=correction,
        cutoff=CORRECTION_CUTOFF.isoformat(),
    )
    (out_dir / "README.txt").write_bytes(readme.encode("utf-8"))
    return files


# --------------------------------------------------------------------------- benchmark


def write_benchmark_csvs(
    out_dir: Path, project: Project, rows: int, seed: int = 1
) -> tuple[Path, Path]:
    """``modules.csv`` (40 modules) and ``enrollments.csv`` with exactly ``rows`` valid rows.

    Vectorised (numpy + pyarrow): a million rows take about a second. Keys
    (partner, learner, module) are unique by construction: each learner takes 1-3 distinct
    modules, consecutive in a rotation of the module list.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    if rows < 0:
        raise ValueError("rows must be >= 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    leads = [p for p in project.partners if p.type in ("hei", "ngo")] or list(project.partners)
    n_modules = 40
    goals = list(project.sdg_goals)
    wps = list(project.wp_codes)
    module_ects = rng.integers(1, 7, n_modules)
    module_micro = rng.random(n_modules) < MICRO_SHARE
    module_rows = []
    for i in range(n_modules):
        lead = leads[i % len(leads)].code
        picked = sorted(rng.choice(goals, size=min(2, len(goals)), replace=False).tolist())
        micro = bool(module_micro[i])
        module_rows.append(
            {
                "module_code": f"BM-{i + 1:03d}",
                "title": f"Benchmark module {i + 1}",
                "lead_partner_code": lead,
                "partner_codes": [],
                "work_package": wps[i % len(wps)],
                "sdg_goals": picked,
                "ects": float(module_ects[i]),
                "eqf_level": 5 + i % 4,
                "language": ["en"],
                "delivery_mode": "online",
                "status": "delivered",
                "micro_credential": micro,
                "learning_outcomes": "Explain and apply the module content" if micro else None,
                "assessment_type": "Project report" if micro else None,
                "quality_assurance": "Internal review" if micro else None,
                "available_from": dt.date(2024, 3, 1),
                "catalog_url": None,
            }
        )
    modules_path = out_dir / "modules.csv"
    modules_path.write_bytes(csv_bytes("modules", module_rows, ISO_PLAIN))

    # learners with 1-3 modules each, enough of them to cover exactly `rows` rows
    per_learner = rng.choice([1, 2, 3], size=rows + 1, p=[0.6, 0.3, 0.1])
    ends = np.cumsum(per_learner)
    n_learners = int(np.searchsorted(ends, rows) + 1) if rows else 0
    learner = np.repeat(np.arange(n_learners), per_learner[:n_learners])[:rows]
    starts = np.concatenate(([0], ends[: max(n_learners - 1, 0)]))
    slot = np.arange(rows) - starts[learner]
    module = (rng.integers(0, n_modules, n_learners)[learner] + slot) % n_modules

    def labels(values: list[str], index: np.ndarray) -> pa.Array:
        """Strings by integer code, without building a million Python strings."""
        return pa.array(values).take(pa.array(index))

    codes = [p.code for p in leads]
    partner = rng.integers(0, len(codes), n_learners)[learner]
    genders = list(GENDERS)
    gender = rng.choice(len(genders), size=n_learners, p=list(GENDERS.values()))[learner]
    types = LEARNER_TYPES["hei"]
    kind = rng.choice(len(types), size=n_learners, p=list(types.values()))[learner]

    first = (dt.date(2024, 3, 1) - dt.date(1970, 1, 1)).days
    last = (AS_OF - dt.date(1970, 1, 1)).days
    enrolled = rng.integers(first, last + 1, rows)
    finished = enrolled + rng.integers(14, 121, rows)
    done = finished <= last
    draw = rng.random(rows)
    completed = done & (draw < 0.72)
    statuses = ["completed", "withdrawn", "failed", "enrolled"]
    status = np.full(rows, 3)
    status[done & (draw < 0.92)] = 2
    status[done & (draw < 0.84)] = 1
    status[completed] = 0
    earned = np.where(completed, module_ects[module].astype(np.float64), 0.0)
    credential = (completed & module_micro[module]).astype(np.int8)

    ids = pc.utf8_lpad(pa.array(learner).cast(pa.string()), 7, "0")
    partner_codes = labels(codes, partner)
    learner_id = pc.binary_join_element_wise(partner_codes, "B", ids, "-")
    module_codes = [row["module_code"] for row in module_rows]
    table = pa.table(
        {
            "partner_code": partner_codes,
            "module_code": labels(module_codes, module),
            "learner_id": learner_id,
            "gender": labels(genders, gender),
            "learner_type": labels(list(types), kind),
            "enrolled_on": pa.array(enrolled.astype("int32")).cast(pa.date32()),
            "status": labels(statuses, status),
            "completed_on": pa.array(finished.astype("int32"), mask=~completed).cast(pa.date32()),
            "ects_earned": pa.array(earned),
            "credential_issued": labels(["no", "yes"], credential),
        }
    )
    order = [c.name for c in TEMPLATES["enrollments"].columns]
    table = table.select(order)
    enrollments_path = out_dir / "enrollments.csv"
    options = pcsv.WriteOptions(quoting_style="none", quoting_header="none")
    pcsv.write_csv(table, str(enrollments_path), options)
    return modules_path, enrollments_path


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.sample.generate",
        description="Write the SYNTHETIC sample submissions.",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--project", metavar="TOML", help="project file (default: the bundled one)")
    parser.add_argument(
        "--benchmark-rows", type=int, metavar="N", help="write benchmark CSVs with N rows instead"
    )
    args = parser.parse_args(argv)
    project = load_project(args.project or DataDir.resolve().project_file)
    if args.benchmark_rows is not None:
        paths = write_benchmark_csvs(Path(args.out), project, args.benchmark_rows, args.seed)
    else:
        paths = generate_sample(Path(args.out), project, args.seed)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
