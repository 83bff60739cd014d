"""Data contract v1 as data: the three submission templates, column by column.

One description drives validation, the template generator and the documentation sheet,
so the rules users read are the rules the code applies. Vocabularies named here are
looked up in data/project.toml ``[vocabularies]``; partner codes, work packages and SDG
goals come from the project too, never from this file.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines.errors import InputFileError

APOSTROPHES = re.compile("['‘’`ʻʼ]")

KINDS = (
    "code",  # an identifier: upper-cased, [A-Z0-9][A-Z0-9-]{1,31}
    "text",  # free text
    "pseudonym",  # a learner's pseudonymous id: 1..64 characters, no '@', no whitespace
    "partner",  # a configured partner code
    "partner_list",  # configured partner codes separated by ';'
    "wp",  # a configured work package code (WP1..)
    "sdg_list",  # configured SDG goal numbers separated by ';' or ','
    "number",  # a decimal number
    "integer",  # a whole number
    "iso639_list",  # ISO 639-1 language codes separated by ';'
    "choice",  # one value of a project vocabulary
    "choice_list",  # values of a project vocabulary separated by ';'
    "yesno",  # yes/no, y/n, true/false, 1/0
    "date",  # YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or a real Excel date
    "url",  # an http(s) address
    "iso3166",  # an ISO 3166-1 alpha-2 country code
)


@dataclass(frozen=True)
class Column:
    """One template column: what it holds, how it is checked, how it is documented."""

    name: str
    required: bool
    kind: str
    description: str
    example: str
    vocabulary: str | None = None  # a [vocabularies] name in project.toml
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False  # True: value must be > minimum
    max_length: int | None = None
    required_when: str | None = None  # readable condition, e.g. "micro_credential is yes"
    future_allowed: bool = False  # dates only: may lie after today
    blank_value: float | bool | None = None  # what an empty cell of an optional column means
    sql_type: str | None = None  # type in the clean table when not the kind's usual one

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r} for {self.name}")


@dataclass(frozen=True)
class Limits:
    """How large a submission may be, checked before its rows are parsed."""

    max_columns: int = 200  # physical header cells, empty ones included
    max_upload_bytes: int = 20 << 20  # the upload limit ([access] max_upload_mb)
    xlsx_part_factor: int = 10  # an xlsx part may unpack to this many times the upload limit

    @property
    def xlsx_part_bytes(self) -> int:
        return self.max_upload_bytes * self.xlsx_part_factor

    @classmethod
    def for_upload_mb(cls, max_upload_mb: int) -> Limits:
        return cls(max_upload_bytes=int(max_upload_mb) << 20)


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Template:
    """A submission template: its columns, its key and the column naming the partner."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique together within a file
    partner_column: str  # whose records these are ("supersedes" applies per this partner)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


MODULES = Template(
    name="modules",
    description="One row per module or micro-credential developed in the project.",
    key=("module_code",),
    partner_column="lead_partner_code",
    columns=(
        Column(
            "module_code",
            True,
            "code",
            "Unique code of the module: 2-32 letters, digits or '-'",
            "SLM-101",
        ),
        Column(
            "title",
            True,
            "text",
            "Title of the module in English",
            "Soil health monitoring",
            max_length=300,
        ),
        Column(
            "lead_partner_code",
            True,
            "partner",
            "Code of the partner that leads (owns) the module",
            "KAZNU",
        ),
        Column(
            "partner_codes",
            False,
            "partner_list",
            "Codes of co-developing partners, separated by ';'",
            "UPV;TIIAME",
        ),
        Column("work_package", True, "wp", "Work package the module belongs to", "WP4"),
        Column(
            "sdg_goals",
            True,
            "sdg_list",
            "SDG goals the module serves, separated by ';'",
            "4;15",
        ),
        Column(
            "ects",
            True,
            "number",
            "Workload in ECTS credits (more than 0, at most 30)",
            "5",
            minimum=0,
            minimum_exclusive=True,
            maximum=30,
        ),
        Column(
            "eqf_level",
            True,
            "integer",
            "European Qualifications Framework level, 4 to 8",
            "7",
            minimum=4,
            maximum=8,
            sql_type="INTEGER",
        ),
        Column(
            "language",
            True,
            "iso639_list",
            "Teaching languages as ISO 639-1 codes, separated by ';'",
            "en;ru",
        ),
        Column(
            "delivery_mode",
            True,
            "choice",
            "Form of participation",
            "blended",
            vocabulary="delivery_mode",
        ),
        Column(
            "status",
            True,
            "choice",
            "Development status of the module",
            "piloted",
            vocabulary="module_status",
        ),
        Column(
            "micro_credential",
            True,
            "yesno",
            "Is the module awarded as a micro-credential? yes or no",
            "yes",
        ),
        Column(
            "learning_outcomes",
            False,
            "text",
            "What a learner knows and can do after the module (required for micro-credentials)",
            "Assess soil degradation with field and remote-sensing methods",
            max_length=4000,
            required_when="micro_credential is yes",
        ),
        Column(
            "assessment_type",
            False,
            "text",
            "How learning is assessed (required for micro-credentials)",
            "Written exam and field project",
            max_length=1000,
            required_when="micro_credential is yes",
        ),
        Column(
            "quality_assurance",
            False,
            "text",
            "Type of quality assurance (required for micro-credentials)",
            "Internal QA of the faculty, external review by WP2",
            max_length=1000,
            required_when="micro_credential is yes",
        ),
        Column(
            "available_from",
            False,
            "date",
            "Date from which learners can enrol (may be in the future)",
            "2025-09-01",
            future_allowed=True,
        ),
        Column(
            "catalog_url",
            False,
            "url",
            "Web page of the module in a catalogue",
            "https://leslie.webs.upv.es/catalogue/slm-101",
            max_length=2000,
        ),
        *(
            Column(
                f"title_{lang}",
                False,
                "text",
                f"Title of the module in {name} (shown to {name}-speaking readers)",
                example,
                max_length=300,
            )
            for lang, name, example in (
                ("ru", "Russian", "Мониторинг здоровья почв"),
                ("kk", "Kazakh", "Топырақ саулығын бақылау"),
                ("uz", "Uzbek", "Tuproq salomatligini monitoring qilish"),
            )
        ),
        *(
            Column(
                f"learning_outcomes_{lang}",
                False,
                "text",
                f"The learning outcomes in {name}",
                example,
                max_length=4000,
            )
            for lang, name, example in (
                ("ru", "Russian", "Оценивать деградацию почв полевыми и дистанционными методами"),
                (
                    "kk",
                    "Kazakh",
                    "Топырақ тозуын далалық және қашықтықтан зондтау әдістерімен бағалау",
                ),
                ("uz", "Uzbek", "Tuproq degradatsiyasini dala va masofaviy usullar bilan baholash"),
            )
        ),
        Column(
            "isced_field",
            False,
            "code",
            "ISCED-F 2013 detailed field of education, four digits",
            "0521",
            max_length=4,
        ),
        Column(
            "entry_requirements",
            False,
            "text",
            "What a learner needs before enrolling, if anything",
            "A bachelor's degree in a natural science",
            max_length=1000,
        ),
    ),
)

ENROLLMENTS = Template(
    name="enrollments",
    description="One row per learner per module.",
    key=("partner_code", "learner_id", "module_code"),
    partner_column="partner_code",
    columns=(
        Column("partner_code", True, "partner", "Code of the reporting partner", "FPI"),
        Column(
            "module_code",
            True,
            "code",
            "Code of a module already submitted in a modules file",
            "SLM-101",
        ),
        Column(
            "learner_id",
            True,
            "pseudonym",
            "Your institution's pseudonymous learner id (no names, no e-mail addresses)",
            "S-2025-0042",
            max_length=64,
        ),
        Column(
            "gender",
            True,
            "choice",
            "F, M, X (other) or U (undisclosed)",
            "F",
            vocabulary="gender",
        ),
        Column(
            "learner_type",
            True,
            "choice",
            "Kind of learner",
            "master",
            vocabulary="learner_type",
        ),
        Column("enrolled_on", True, "date", "Date of enrollment", "2025-02-10"),
        Column(
            "status",
            True,
            "choice",
            "Status of the enrollment",
            "completed",
            vocabulary="enrollment_status",
        ),
        Column(
            "completed_on",
            False,
            "date",
            "Date of completion: required if and only if status is completed",
            "2025-06-20",
            required_when="status is completed",
        ),
        Column(
            "ects_earned",
            False,
            "number",
            "ECTS credits earned (0 unless completed; at most the module's ECTS)",
            "5",
            minimum=0,
            maximum=30,
            blank_value=0.0,
        ),
        Column(
            "credential_issued",
            False,
            "yesno",
            "Was a micro-credential issued? yes only when completed",
            "yes",
            blank_value=False,
        ),
    ),
)

DISSEMINATION = Template(
    name="dissemination",
    description="One row per dissemination activity.",
    key=("partner_code", "activity_id"),
    partner_column="partner_code",
    columns=(
        Column(
            "activity_id",
            True,
            "text",
            "Your own id of the activity, unique within your file",
            "KAZNU-2025-07",
            max_length=64,
        ),
        Column("partner_code", True, "partner", "Code of the reporting partner", "KAZNU"),
        Column("date", True, "date", "Date of the activity (first day)", "2025-05-14"),
        Column(
            "activity_type",
            True,
            "choice",
            "Kind of activity",
            "workshop",
            vocabulary="activity_type",
        ),
        Column(
            "title", True, "text", "Title of the activity", "SLM days in Almaty", max_length=300
        ),
        Column(
            "country",
            True,
            "iso3166",
            "Where it happened: ISO 3166-1 two-letter country code",
            "KZ",
        ),
        Column(
            "audience",
            True,
            "choice_list",
            "Target audiences, separated by ';'",
            "students;policy_makers",
            vocabulary="audience",
        ),
        Column(
            "participants",
            False,
            "integer",
            "Number of people attending",
            "45",
            minimum=0,
            maximum=100_000,
        ),
        Column(
            "reach",
            False,
            "integer",
            "Number of people reached (attendance, readers, views)",
            "1200",
            minimum=0,
            maximum=100_000_000,
        ),
        Column(
            "sdg_goals",
            False,
            "sdg_list",
            "SDG goals addressed, separated by ';'",
            "12;13",
        ),
        Column(
            "url",
            False,
            "url",
            "Web address of the evidence (programme, article, post)",
            "https://www.kaznu.kz/en/news/slm-days",
            max_length=2000,
        ),
    ),
)

TEMPLATES: dict[str, Template] = {t.name: t for t in (MODULES, ENROLLMENTS, DISSEMINATION)}

# Languages besides English a module's title and learning outcomes may be given in: the
# product's reading languages (pipelines.words.catalogue.LANGUAGES), checked by a test.
TEXT_LANGUAGES = ("ru", "kk", "uz")
TRANSLATED_FIELDS = ("title", "learning_outcomes")
COLUMN_NAMES = frozenset(c.name for t in TEMPLATES.values() for c in t.columns)


def normalize_header(cell: object) -> str:
    """Header cells are matched case-insensitively after trimming (also BOM, NBSP...); a
    column's Russian, Kazakh or Uzbek header (``intake.column.*`` in the catalogue) reads as
    its canonical name, so a file typed with translated headers is understood."""
    text = "" if cell is None else str(cell)
    name = text.strip(" \t\r\n\u00a0\u202f\u2007\u2009\u200b\ufeff").lower()
    if not name or name in COLUMN_NAMES:  # English headers need no catalogue
        return name
    return header_aliases().get(_fold(name), name)


def _fold(name: str) -> str:
    """Spacing and the apostrophes of Uzbek Latin (oʻ, gʻ, ʼ) as people type them."""
    return APOSTROPHES.sub("ʻ", " ".join(name.replace("_", " ").split()))


@cache
def header_aliases() -> dict[str, str]:
    """Translated header -> column name, from the catalogue's intake.column.<template>.<column>."""
    from pipelines.words.catalogue import LANGUAGES, SOURCE, catalogue

    aliases: dict[str, str] = {}
    for lang in LANGUAGES:
        if lang == SOURCE:
            continue
        for key, forms in catalogue(lang).messages.items():
            parts = key.split(".")
            if parts[:2] == ["intake", "column"] and parts[2] in TEMPLATES and forms[0]:
                aliases.setdefault(_fold(forms[0].lower()), parts[3])
    for header, column in _former_headers().items():
        aliases.setdefault(header, column)
    return aliases


def _former_headers() -> dict[str, str]:
    """Headers of earlier releases' templates (``former_headers.toml``), folded like others."""
    with (Path(__file__).parent / "former_headers.toml").open("rb") as fh:
        tables = tomllib.load(fh)
    found = {}
    for headers in tables.values():
        for header, column in headers.items():
            if column not in COLUMN_NAMES:
                raise ValueError(f"former_headers.toml: {header!r} names no column ({column!r})")
            found[_fold(header.lower())] = column
    return found


def detect_template(columns: list[str]) -> str:
    """Tell which template a header follows, from the columns it shares with each one.

    A file missing some required columns is still recognised (validation reports what is
    missing); a header that matches no template, or two equally, is an InputFileError.
    """
    names = {normalize_header(c) for c in columns} - {""}
    scores = {t.name: len(names & set(t.names)) for t in TEMPLATES.values()}
    best = max(scores.values())
    winners = sorted(name for name, score in scores.items() if score == best)
    if best == 0 or len(winners) > 1:
        shown = ", ".join(f'"{c}"' for c in columns[:8]) or "(nothing)"
        if len(columns) > 8:
            shown += ", ..."
        templates = "; ".join(
            f"{t.name}: {', '.join(t.required_names)}" for t in TEMPLATES.values()
        )
        raise InputFileError(key="intake.template.unknown", shown=shown, templates=templates)
    return winners[0]


def closest_column(name: str, template: Template) -> str | None:
    """The template column a mistyped header most probably meant, if any is close."""
    matches = difflib.get_close_matches(name, template.names, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    squeezed = name.replace(" ", "_").replace("-", "_")
    return squeezed if squeezed in template.names else None


@cache
def iso639_1_codes() -> tuple[str, ...]:
    """Two-letter language codes of ISO 639-1 (from pycountry's ISO tables)."""
    import pycountry

    return tuple(sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")))


@cache
def iso3166_alpha2_codes() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 country codes, plus XK (Kosovo, used by the EU programmes)."""
    import pycountry

    return tuple(sorted({c.alpha_2 for c in pycountry.countries} | {"XK"}))
