"""The project as data: load and validate ``project.toml`` once, fail with a clear message.

Nothing in the code names a partner, an indicator or a target: they all come from here,
so another Erasmus+ project can reuse the software by editing the file alone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipelines.errors import ConfigError

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "not_started")
SOURCES = ("modules", "enrollments", "dissemination")
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")
INDICATOR_SQL_DIR = Path(__file__).resolve().parent / "sql" / "indicators"
TEMPLATE_VOCABULARIES = (
    "delivery_mode",
    "module_status",
    "gender",
    "learner_type",
    "enrollment_status",
    "activity_type",
    "audience",
)
# value sets read by the indicator SQL -> the template vocabulary they are drawn from
VALUE_SETS = {
    "event_activity_types": "activity_type",
    "women_genders": "gender",
    "known_genders": "gender",
    "staff_learner_types": "learner_type",
    "developed_module_statuses": "module_status",
    "accredited_module_statuses": "module_status",
    "policy_audiences": "audience",
}


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    region: str


@dataclass(frozen=True)
class Partner:
    code: str
    name: str
    short_name: str
    type: str
    city: str
    country: str
    lat: float
    lon: float
    role: str


@dataclass(frozen=True)
class SdgTarget:
    code: str
    text: str


@dataclass(frozen=True)
class Sdg:
    goal: int
    short_name: str
    title: str
    colour: str
    targets: tuple[SdgTarget, ...]


@dataclass(frozen=True)
class WorkPackage:
    code: str
    title: str
    lead: str
    share: float | None = None  # its share of the lump sum (0..1), paid when it is complete


@dataclass(frozen=True)
class Deliverable:
    code: str
    title: str
    wp: str
    lead: str
    type: str
    dissemination: str
    due: dt.date


@dataclass(frozen=True)
class Milestone:
    code: str
    title: str
    wp: str
    due: dt.date
    verification: str  # the means of verification written in the grant agreement


@dataclass(frozen=True)
class Risk:
    code: str
    description: str
    wp: str
    likelihood: str
    impact: str
    mitigation: str


@dataclass(frozen=True)
class WorkPlan:
    """What the agency pays and checks: deliverables, milestones and critical risks."""

    deliverables: tuple[Deliverable, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    risks: tuple[Risk, ...] = ()

    def deliverable(self, code: str) -> Deliverable:
        for d in self.deliverables:
            if d.code == code.upper():
                return d
        raise KeyError(code)

    def milestone(self, code: str) -> Milestone:
        for m in self.milestones:
            if m.code == code.upper():
                return m
        raise KeyError(code)

    def risk(self, code: str) -> Risk:
        for r in self.risks:
            if r.code == code.upper():
                return r
        raise KeyError(code)


@dataclass(frozen=True)
class Period:
    id: str
    name: str
    start: dt.date
    end: dt.date
    report: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    definition: str
    unit: str
    source: str
    sdg_goals: tuple[int, ...]
    work_package: str
    direction: str
    target: float | None
    illustrative: bool
    kind: str  # "count" (accumulates over time) or "share" (a percentage, not prorated)
    period_targets: dict[str, float] = field(default_factory=dict)  # cumulative, per period id
    partner_targets: dict[str, float] = field(default_factory=dict)

    @property
    def is_stock(self) -> bool:
        """Module indicators are a current count, not a flow within a period."""
        return self.source == "modules"


@dataclass(frozen=True)
class StatusRules:
    on_track: float
    at_risk: float
    labels: dict[str, str]
    colours: dict[str, str]
    icons: dict[str, str]


@dataclass(frozen=True)
class Access:
    public_view: bool
    public_min_count: int
    max_upload_mb: int
    session_minutes: int
    lockout_attempts: int
    lockout_minutes: int


@dataclass(frozen=True)
class Reporting:
    """EU visibility wording for published reports; it changes between programme generations."""

    funding_statement: str = "Co-funded by the European Union"
    disclaimer: str = (  # used when a project.toml from before [reporting] leaves it out
        "Funded by the European Union. Views and opinions expressed are however those of the "
        "author(s) only and do not necessarily reflect those of the European Union or the "
        "European Education and Culture Executive Agency (EACEA). Neither the European Union "
        "nor the granting authority can be held responsible for them."
    )


@dataclass(frozen=True)
class AccessibilityStatement:
    """What the dashboard's accessibility statement names: where to report a barrier, and
    the date of the last review (EU Web Accessibility Directive)."""

    contact: str = ""
    reviewed: dt.date | None = None


@dataclass(frozen=True)
class Deadline:
    """One due date: the templates to send by ``due`` for a reporting period."""

    period: str
    due: dt.date
    templates: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class Calendar:
    """When templates are due, and which templates each partner is expected to submit."""

    deadlines: tuple[Deadline, ...] = ()
    expected_by_type: dict[str, tuple[str, ...]] = field(default_factory=dict)
    expected_by_partner: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reminder_days: int = 30

    def expects(self, partner: Partner, template: str) -> bool:
        """Whether ``partner`` owes ``template`` (a partner's own list wins over its type's;
        without any list, everything is expected)."""
        if partner.code in self.expected_by_partner:
            return template in self.expected_by_partner[partner.code]
        if partner.type in self.expected_by_type:
            return template in self.expected_by_type[partner.type]
        return True


@dataclass(frozen=True)
class Project:
    acronym: str
    title: str
    programme: str
    call: str
    number: str
    coordinator: str
    start: dt.date
    end: dt.date
    website: str
    periods: tuple[Period, ...]
    countries: tuple[Country, ...]
    partners: tuple[Partner, ...]
    sdgs: tuple[Sdg, ...]
    work_packages: tuple[WorkPackage, ...]
    indicators: tuple[Indicator, ...]
    status: StatusRules
    vocabularies: dict[str, tuple[str, ...]]
    access: Access
    source: Path
    indicator_sql: dict[str, Path] = field(default_factory=dict)  # code -> its facts' SQL
    reporting: Reporting = field(default_factory=Reporting)
    accessibility: AccessibilityStatement = field(default_factory=AccessibilityStatement)
    calendar: Calendar = field(default_factory=Calendar)
    work_plan: WorkPlan = field(default_factory=WorkPlan)
    # the programme's official name in other languages ([project] programme_names)
    programme_names: dict[str, str] = field(default_factory=dict)

    # lookups -----------------------------------------------------------------
    def partner(self, code: str) -> Partner:
        for p in self.partners:
            if p.code == code.upper():
                return p
        raise KeyError(code)

    def country(self, iso2: str) -> Country:
        for c in self.countries:
            if c.iso2 == iso2.upper():
                return c
        raise KeyError(iso2)

    def period(self, period_id: str) -> Period:
        for p in self.periods:
            if p.id.upper() == period_id.upper():
                return p
        raise KeyError(period_id)

    def indicator(self, code: str) -> Indicator:
        for i in self.indicators:
            if i.code == code.upper():
                return i
        raise KeyError(code)

    def sdg(self, goal: int) -> Sdg:
        for s in self.sdgs:
            if s.goal == goal:
                return s
        raise KeyError(goal)

    @property
    def partner_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.partners)

    @property
    def sdg_goals(self) -> tuple[int, ...]:
        return tuple(s.goal for s in self.sdgs)

    @property
    def wp_codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.work_packages)

    def partners_in(self, iso2: str) -> tuple[str, ...]:
        return tuple(p.code for p in self.partners if p.country == iso2.upper())

    def vocabulary(self, name: str) -> tuple[str, ...]:
        return self.vocabularies[name]


def today() -> dt.date:
    """The reporting date. ``LESLIE_TODAY`` (YYYY-MM-DD) pins it for reproducible runs."""
    pinned = os.environ.get("LESLIE_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError as exc:
            raise ConfigError(f"LESLIE_TODAY={pinned!r} is not a date; write YYYY-MM-DD") from exc
    return dt.date.today()


# --------------------------------------------------------------------------- loading


class _Reader:
    """Walks the TOML tree, collecting every problem with its location."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.problems: list[str] = []

    def get(self, table: dict, key: str, kind: type | tuple[type, ...], where: str, default=...):
        if key not in table:
            if default is ...:
                self.problems.append(f"{where}: '{key}' is missing")
            return None if default is ... else default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.problems.append(f"{where}: '{key}' must be a {name}, found {value!r}")
            return None
        return value

    def items(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.problems.append(f"[[{key}]]: at least one entry is required")
            return []
        return value


def _date(reader: _Reader, table: dict, key: str, where: str) -> dt.date | None:
    value = reader.get(table, key, (dt.date, str), where)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            reader.problems.append(f"{where}: '{key}' must be a date YYYY-MM-DD, found {value!r}")
            return None
    return value


def load_project(path: str | Path) -> Project:
    """Read and check the configuration; raise ConfigError listing every problem."""
    source = Path(path)
    try:
        with source.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"Project configuration not found: {source}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from exc
    project = _build(data, source)
    _check_indicator_sql(project)
    return project


def _build(data: dict, source: Path) -> Project:
    """Each table in turn, collecting every problem; one ConfigError lists them all."""
    r = _Reader(source)
    proj = data.get("project", {})
    acronym = r.get(proj, "acronym", str, "[project]")
    start = _date(r, proj, "start", "[project]")
    end = _date(r, proj, "end", "[project]")
    if start and end and start >= end:
        r.problems.append("[project]: 'start' must be before 'end'")
    countries = _countries(r, data)
    partners = _partners(r, data, {c.iso2 for c in countries})
    coordinator = (r.get(proj, "coordinator", str, "[project]") or "").upper()
    if coordinator and coordinator not in {p.code for p in partners}:
        r.problems.append(f"[project]: coordinator {coordinator!r} is not a partner")
    sdgs = _sdgs(r, data)
    wps = _work_packages(r, data, {p.code for p in partners})
    periods = _periods(r, data, start, end)
    known = _Known(
        partners={p.code for p in partners},
        goals={s.goal for s in sdgs},
        wps={w.code for w in wps},
        periods={p.id.upper() for p in periods},
    )
    indicators = _indicators(r, data, known)
    indicators = _allocate_targets(r, data, indicators, partners)
    status = _status(r, data)
    vocab = _vocabularies(r, data)
    access = _access(data)
    reporting = _reporting(r, data.get("reporting", {}))
    accessibility = _accessibility(r, data.get("accessibility", {}))
    calendar = _calendar(r, data.get("calendar", {}), partners, {p.id.upper() for p in periods})
    work_plan = _work_plan(r, data.get("work_plan", {}), known, start, end)
    if r.problems:
        lines = "\n  - ".join(r.problems)
        raise ConfigError(f"{source} has {len(r.problems)} problem(s):\n  - {lines}")
    return Project(
        acronym=acronym,
        title=proj.get("title", ""),
        programme=proj.get("programme", ""),
        call=proj.get("call", ""),
        number=str(proj.get("number", "")),
        coordinator=coordinator,
        start=start,
        end=end,
        website=proj.get("website", ""),
        periods=tuple(periods),
        countries=tuple(countries),
        partners=tuple(partners),
        sdgs=tuple(sdgs),
        work_packages=tuple(wps),
        indicators=tuple(indicators),
        status=status,
        vocabularies=vocab,
        access=access,
        source=source,
        indicator_sql=indicator_sql_files(source),
        reporting=reporting,
        accessibility=accessibility,
        calendar=calendar,
        work_plan=work_plan,
        programme_names=_programme_names(r, proj),
    )


def _programme_names(r: _Reader, proj: dict) -> dict[str, str]:
    """``programme_names = { ru = "...", kk = "...", uz = "..." }``: the programme as its own
    documents name it in each language; a report cover in a language without one says the
    ``programme`` as configured."""
    names = proj.get("programme_names", {})
    if not isinstance(names, dict):
        r.problems.append("[project]: 'programme_names' must be a table: language = name")
        return {}
    wrong = sorted(
        str(lang)
        for lang, name in names.items()
        if lang not in ("ru", "kk", "uz") or not isinstance(name, str) or not name.strip()
    )
    if wrong:
        r.problems.append(
            f"[project]: programme_names {', '.join(wrong)}: give a name for ru, kk or uz"
        )
    return {lang: name.strip() for lang, name in names.items() if lang not in wrong}


@dataclass(frozen=True)
class _Known:
    """Codes defined earlier in the file, for the cross-references of later tables."""

    partners: set[str]
    goals: set[int]
    wps: set[str]
    periods: set[str]


def _countries(r: _Reader, data: dict) -> list[Country]:
    countries = []
    for i, c in enumerate(r.items(data, "countries"), 1):
        w = f"[[countries]] #{i}"
        countries.append(
            Country(
                iso2=(r.get(c, "iso2", str, w) or "").upper(),
                iso3=(r.get(c, "iso3", str, w) or "").upper(),
                name=r.get(c, "name", str, w) or "",
                region=r.get(c, "region", str, w) or "",
            )
        )
    _unique(r, [c.iso2 for c in countries], "[[countries]] iso2")
    return countries


def _partners(r: _Reader, data: dict, country_codes: set[str]) -> list[Partner]:
    partners = []
    for i, p in enumerate(r.items(data, "partners"), 1):
        code = (r.get(p, "code", str, f"[[partners]] #{i}") or "").upper()
        w = f"[[partners]] {code or '#' + str(i)}"
        if code and not CODE.match(code):
            r.problems.append(f"{w}: code must be letters, digits and '-' (at most 32)")
        country = (r.get(p, "country", str, w) or "").upper()
        if country and country not in country_codes:
            r.problems.append(f"{w}: country {country!r} is not in [[countries]]")
        lat = r.get(p, "lat", float, w)
        lon = r.get(p, "lon", float, w)
        if lat is not None and not -90 <= lat <= 90:
            r.problems.append(f"{w}: lat must be between -90 and 90")
        if lon is not None and not -180 <= lon <= 180:
            r.problems.append(f"{w}: lon must be between -180 and 180")
        partners.append(
            Partner(
                code=code,
                name=r.get(p, "name", str, w) or "",
                short_name=r.get(p, "short_name", str, w, default=code),
                type=r.get(p, "type", str, w) or "",
                city=r.get(p, "city", str, w) or "",
                country=country,
                lat=lat or 0.0,
                lon=lon or 0.0,
                role=r.get(p, "role", str, w, default="partner"),
            )
        )
    _unique(r, [p.code for p in partners], "[[partners]] code")
    return partners


def _sdgs(r: _Reader, data: dict) -> list[Sdg]:
    sdgs = []
    for i, s in enumerate(r.items(data, "sdgs"), 1):
        goal = r.get(s, "goal", int, f"[[sdgs]] #{i}")
        w = f"[[sdgs]] goal {goal}"
        colour = r.get(s, "colour", str, w) or "#000000"
        if not HEX_COLOUR.match(colour):
            r.problems.append(f"{w}: colour must be #RRGGBB, found {colour!r}")
        targets = tuple(
            SdgTarget(str(t.get("code", "")), str(t.get("text", ""))) for t in s.get("targets", [])
        )
        sdgs.append(
            Sdg(
                goal=goal or 0,
                short_name=r.get(s, "short_name", str, w) or "",
                title=r.get(s, "title", str, w, default=""),
                colour=colour,
                targets=targets,
            )
        )
    _unique(r, [s.goal for s in sdgs], "[[sdgs]] goal")
    return sdgs


def _work_packages(r: _Reader, data: dict, partner_codes: set[str]) -> list[WorkPackage]:
    wps = []
    for i, wp in enumerate(r.items(data, "work_packages"), 1):
        code = (r.get(wp, "code", str, f"[[work_packages]] #{i}") or "").upper()
        lead = (r.get(wp, "lead", str, f"[[work_packages]] {code}", default="") or "").upper()
        if lead and lead not in partner_codes:
            r.problems.append(f"[[work_packages]] {code}: lead {lead!r} is not a partner")
        share = r.get(wp, "share", float, f"[[work_packages]] {code}", default=None)
        if share is not None and not 0 <= share <= 1:
            r.problems.append(f"[[work_packages]] {code}: share must be between 0 and 1")
        wps.append(
            WorkPackage(
                code, r.get(wp, "title", str, f"[[work_packages]] {code}") or "", lead, share
            )
        )
    _unique(r, [w.code for w in wps], "[[work_packages]] code")
    shares = [w.share for w in wps]
    if any(s is not None for s in shares):
        if any(s is None for s in shares):
            r.problems.append("[[work_packages]]: give every work package a share, or none")
        elif abs(sum(shares) - 1) > 0.0005:
            r.problems.append(
                f"[[work_packages]]: the shares of the lump sum add up to {sum(shares):.3f}, not 1"
            )
    return wps


def _periods(r: _Reader, data: dict, start: dt.date | None, end: dt.date | None) -> list[Period]:
    periods = []
    for i, p in enumerate(r.items(data, "periods"), 1):
        pid = r.get(p, "id", str, f"[[periods]] #{i}") or ""
        w = f"[[periods]] {pid}"
        ps, pe = _date(r, p, "start", w), _date(r, p, "end", w)
        if ps and pe and ps > pe:
            r.problems.append(f"{w}: start must not be after end")
        periods.append(
            Period(
                pid,
                r.get(p, "name", str, w, default=pid),
                ps or start,
                pe or end,
                p.get("report", ""),
            )
        )
    _unique(r, [p.id.upper() for p in periods], "[[periods]] id")
    ordered = sorted((p for p in periods if p.start and p.end), key=lambda p: p.start)
    for a, b in itertools.pairwise(ordered):
        if b.start <= a.end:
            r.problems.append(f"[[periods]]: {a.id} and {b.id} overlap")
    return periods


def _indicators(r: _Reader, data: dict, known: _Known) -> list[Indicator]:
    period_targets = data.get("indicators_period_targets", {})
    partner_targets = data.get("partner_targets", {})
    indicators = [
        _indicator(r, ind, i, known, period_targets, partner_targets)
        for i, ind in enumerate(r.items(data, "indicators"), 1)
    ]
    _unique(r, [i.code for i in indicators], "[[indicators]] code")
    for code in set(period_targets) | set(partner_targets):
        if code.upper() not in {i.code for i in indicators}:
            r.problems.append(f"targets given for unknown indicator {code!r}")
    return indicators


def _indicator(
    r: _Reader, ind: dict, i: int, known: _Known, period_targets: dict, partner_targets: dict
) -> Indicator:
    code = (r.get(ind, "code", str, f"[[indicators]] #{i}") or "").upper()
    w = f"[[indicators]] {code}"
    if code and not CODE.match(code):
        r.problems.append(f"{w}: code must be letters, digits and '-' (at most 32)")
    source_name = r.get(ind, "source", str, w) or ""
    if source_name not in SOURCES:
        r.problems.append(f"{w}: source must be one of {', '.join(SOURCES)}")
    ind_goals = tuple(r.get(ind, "sdg_goals", list, w, default=[]) or [])
    for g in ind_goals:
        if g not in known.goals:
            r.problems.append(f"{w}: SDG {g} is not in [[sdgs]]")
    wp = (r.get(ind, "work_package", str, w) or "").upper()
    if wp and wp not in known.wps:
        r.problems.append(f"{w}: work package {wp!r} is not in [[work_packages]]")
    pt = {str(k).upper(): float(v) for k, v in period_targets.get(code, {}).items()}
    for k in pt:
        if k not in known.periods:
            r.problems.append(
                f"[indicators_period_targets] {code}: period {k!r} is not in [[periods]]"
            )
    prt = {str(k).upper(): float(v) for k, v in partner_targets.get(code, {}).items()}
    for k in prt:
        if k not in known.partners:
            r.problems.append(f"[partner_targets] {code}: partner {k!r} is not in [[partners]]")
    return Indicator(
        code=code,
        name=r.get(ind, "name", str, w) or "",
        definition=r.get(ind, "definition", str, w, default=""),
        unit=r.get(ind, "unit", str, w) or "",
        source=source_name,
        sdg_goals=ind_goals,
        work_package=wp,
        direction=r.get(ind, "direction", str, w, default="increase"),
        target=r.get(ind, "target", float, w, default=None),
        illustrative=r.get(ind, "illustrative", bool, w, default=False),
        kind=r.get(ind, "kind", str, w, default="count"),
        period_targets=pt,
        partner_targets=prt,
    )


def _allocate_targets(
    r: _Reader, data: dict, indicators: list[Indicator], partners: list[Partner]
) -> list[Indicator]:
    """Partner targets for the count indicators [partner_targets] leaves out, by the weights
    of [target_allocation] (see project.toml): whole numbers adding up to the target."""
    rules = data.get("target_allocation", {})
    for source, weights in rules.items():
        if source not in SOURCES or not isinstance(weights, dict):
            r.problems.append(
                f"[target_allocation]: '{source}' must be one of {', '.join(SOURCES)}"
            )
            continue
        for kind, weight in weights.items():
            if kind not in {p.type for p in partners}:
                r.problems.append(f"[target_allocation] {source}: no partner has type {kind!r}")
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
                r.problems.append(f"[target_allocation] {source}: weight of {kind!r} must be >= 0")
    if r.problems:
        return indicators
    out = []
    for ind in indicators:
        weights = rules.get(ind.source)
        if ind.partner_targets or ind.kind == "share" or ind.target is None or not weights:
            out.append(ind)
            continue
        shares = {p.code: float(weights.get(p.type, 0)) for p in partners}
        out.append(replace(ind, partner_targets=largest_remainder(ind.target, shares)))
    return out


def largest_remainder(total: float, weights: dict[str, float]) -> dict[str, float]:
    """``total`` split in proportion to ``weights`` into whole numbers that add up to it:
    each gets the floor of its share, the rest go one by one to the largest remainders
    (equal remainders in the order given). A share rounding to 0 is no target at all."""
    whole = sum(weights.values())
    if not whole:
        return {}
    exact = {k: total * w / whole for k, w in weights.items() if w > 0}
    floors = {k: float(int(v)) for k, v in exact.items()}
    left = round(total - sum(floors.values()))
    order = sorted(exact, key=lambda k: -(exact[k] - floors[k]))  # stable: ties keep order
    for k in order[:left]:
        floors[k] += 1
    return {k: v for k, v in floors.items() if v > 0}


def _status(r: _Reader, data: dict) -> StatusRules:
    st = data.get("status", {})
    status = StatusRules(
        on_track=r.get(st, "on_track", float, "[status]", default=0.9),
        at_risk=r.get(st, "at_risk", float, "[status]", default=0.6),
        labels={k: st.get("labels", {}).get(k, k.replace("_", " ").capitalize()) for k in STATUSES},
        colours={k: st.get("colours", {}).get(k, "#999999") for k in STATUSES},
        icons={k: st.get("icons", {}).get(k, "") for k in STATUSES},
    )
    if status.at_risk and status.on_track and not 0 < status.at_risk < status.on_track <= 1:
        r.problems.append("[status]: thresholds must satisfy 0 < at_risk < on_track <= 1")
    return status


def _vocabularies(r: _Reader, data: dict) -> dict[str, tuple[str, ...]]:
    """The template vocabularies, and the value sets the indicator SQL reads, each a subset
    of the vocabulary named beside it in VALUE_SETS."""
    vocab = {k: tuple(v) for k, v in data.get("vocabularies", {}).items()}
    for needed in (*TEMPLATE_VOCABULARIES, *VALUE_SETS):
        if needed not in vocab:
            r.problems.append(f"[vocabularies]: '{needed}' is missing")
    for name, parent in VALUE_SETS.items():
        stray = set(vocab.get(name, ())) - set(vocab.get(parent, ()))
        if stray:
            r.problems.append(
                f"[vocabularies]: '{name}' has {', '.join(sorted(stray))}, not in '{parent}'"
            )
    return vocab


def _access(data: dict) -> Access:
    acc = data.get("access", {})
    return Access(
        public_view=bool(acc.get("public_view", False)),
        public_min_count=int(acc.get("public_min_count", 5)),
        max_upload_mb=int(acc.get("max_upload_mb", 20)),
        session_minutes=int(acc.get("session_minutes", 60)),
        lockout_attempts=int(acc.get("lockout_attempts", 5)),
        lockout_minutes=int(acc.get("lockout_minutes", 15)),
    )


# ---------------------------------------------------------------- indicator definitions


def indicator_sql_files(source: Path) -> dict[str, Path]:
    """code -> the SQL file of its facts: pipelines/sql/indicators/<CODE>.sql, and those in
    an ``indicators/`` folder beside the project file (a data directory's own indicators,
    which may also replace a bundled one). Files starting with '_' are not indicators."""
    found: dict[str, Path] = {}
    for folder in (INDICATOR_SQL_DIR, source.parent / "indicators"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.sql")):
                if not path.name.startswith("_"):
                    found[path.stem.upper()] = path
    return found


def _check_indicator_sql(project: Project) -> None:
    """Every configured indicator has facts in SQL and every SQL file a configured
    indicator; otherwise a figure would silently read 0, or never be shown."""
    configured = {i.code for i in project.indicators}
    defined = set(project.indicator_sql)
    if missing := sorted(configured - defined):
        raise ConfigError(
            key="metrics.config.indicator_without_sql",
            codes=", ".join(missing),
            folder=str(project.source.parent / "indicators"),
        )
    if unknown := sorted(c for c in defined - configured):
        raise ConfigError(
            key="metrics.config.sql_without_indicator",
            codes=", ".join(unknown),
            files=", ".join(str(project.indicator_sql[c]) for c in unknown),
        )


def _reporting(r: _Reader, section: dict) -> Reporting:
    """[reporting]: the funding statement and disclaimer printed on every report."""
    values = {}
    for name in ("funding_statement", "disclaimer"):
        value = section.get(name, getattr(Reporting, name))
        if not isinstance(value, str) or not value.strip():
            r.problems.append(f"[reporting]: '{name}' must be a non-empty text")
            continue
        values[name] = " ".join(value.split())
    return Reporting(**values)


def _accessibility(r: _Reader, table: dict) -> AccessibilityStatement:
    """``[accessibility]``: optional; a statement without a contact says so on its page."""
    if not table:
        return AccessibilityStatement()
    contact = r.get(table, "contact", str, "[accessibility]", default="")
    reviewed = _date(r, table, "reviewed", "[accessibility]") if "reviewed" in table else None
    return AccessibilityStatement(contact=(contact or "").strip(), reviewed=reviewed)


def _unique(r: _Reader, values: list, where: str) -> None:
    seen, dupes = set(), set()
    for v in values:
        (dupes if v in seen else seen).add(v)
    for d in sorted(dupes, key=str):
        r.problems.append(f"{where}: {d!r} appears more than once")


def _calendar(r: _Reader, cal: dict, partners: list[Partner], period_ids: set[str]) -> Calendar:
    """``[calendar]``: due dates per period and template, who is expected to submit what."""
    codes = {p.code for p in partners}

    def templates(value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or any(t not in SOURCES for t in value):
            r.problems.append(f"{where}: list templates among {', '.join(SOURCES)}")
            return ()
        return tuple(value)

    deadlines = []
    for i, d in enumerate(cal.get("deadlines", []), 1):
        w = f"[[calendar.deadlines]] #{i}"
        period = (r.get(d, "period", str, w) or "").upper()
        if period and period not in period_ids:
            r.problems.append(f"{w}: period {period!r} is not in [[periods]]")
        due = _date(r, d, "due", w)
        names = templates(d.get("templates", list(SOURCES)), w)
        if due:
            deadlines.append(Deadline(period, due, names, str(d.get("label", ""))))
    by_type = {
        str(k): templates(v, f"[calendar.expected] {k}") for k, v in cal.get("expected", {}).items()
    }
    by_partner = {}
    for k, v in cal.get("partners", {}).items():
        if str(k).upper() not in codes:
            r.problems.append(f"[calendar.partners]: {k!r} is not in [[partners]]")
        by_partner[str(k).upper()] = templates(v, f"[calendar.partners] {k}")
    days = r.get(cal, "reminder_days", int, "[calendar]", default=30)
    return Calendar(tuple(sorted(deadlines, key=lambda d: d.due)), by_type, by_partner, days or 0)


DELIVERABLE_CODE = re.compile(r"^D[0-9]{1,2}\.[0-9]{1,2}$")
MILESTONE_CODE = re.compile(r"^M[0-9]{1,3}$")
RISK_CODE = re.compile(r"^R[0-9]{1,3}$")
# deliverable types and dissemination levels of the Funding & Tenders Portal
DELIVERABLE_TYPES = ("R", "DEM", "DEC", "DATA", "DMP", "ETHICS", "SECURITY", "OTHER")
DISSEMINATION_LEVELS = ("PU", "SEN", "R-UE/EU-R", "C-UE/EU-C", "S-UE/EU-S")
RISK_LEVELS = ("low", "medium", "high")


def _work_plan(
    r: _Reader, table: dict, known: _Known, start: dt.date | None, end: dt.date | None
) -> WorkPlan:
    """``[work_plan]``: deliverables, milestones and critical risks, each naming a known
    work package (and a deliverable its lead partner), with due dates inside the project."""
    if not isinstance(table, dict):
        r.problems.append("[work_plan]: must be a table")
        return WorkPlan()

    def entries(name: str) -> list[dict]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            r.problems.append(f"[[work_plan.{name}]]: must be a list of tables")
            return []
        return value

    def head(entry: dict, name: str, i: int, pattern: re.Pattern, example: str) -> tuple[str, str]:
        code = (r.get(entry, "code", str, f"[[work_plan.{name}]] #{i}") or "").upper()
        where = f"[[work_plan.{name}]] {code or '#' + str(i)}"
        if code and not pattern.match(code):
            r.problems.append(f"{where}: code must look like {example}")
        return code, where

    def wp_of(entry: dict, where: str) -> str:
        wp = (r.get(entry, "wp", str, where) or "").upper()
        if wp and wp not in known.wps:
            r.problems.append(f"{where}: work package {wp!r} is not in [[work_packages]]")
        return wp

    def due_of(entry: dict, where: str) -> dt.date | None:
        due = _date(r, entry, "due", where)
        if due and start and end and not start <= due <= end:
            r.problems.append(
                f"{where}: due date {due.isoformat()} is outside the project "
                f"({start.isoformat()} to {end.isoformat()})"
            )
        return due

    def choice(entry: dict, key: str, allowed: tuple[str, ...], where: str, upper: bool) -> str:
        value = r.get(entry, key, str, where) or ""
        value = value.upper() if upper else value.lower()
        if value and value not in allowed:
            r.problems.append(f"{where}: {key} {value!r} must be one of {', '.join(allowed)}")
        return value

    codes: dict[str, list[str]] = {"deliverables": [], "milestones": [], "risks": []}
    deliverables = []
    for i, d in enumerate(entries("deliverables"), 1):
        code, w = head(d, "deliverables", i, DELIVERABLE_CODE, "D3.1")
        codes["deliverables"].append(code)
        wp = wp_of(d, w)
        lead = (r.get(d, "lead", str, w) or "").upper()
        if lead and lead not in known.partners:
            r.problems.append(f"{w}: lead {lead!r} is not in [[partners]]")
        kind = choice(d, "type", DELIVERABLE_TYPES, w, upper=True)
        level = choice(d, "dissemination", DISSEMINATION_LEVELS, w, upper=True)
        due = due_of(d, w)
        title = r.get(d, "title", str, w) or ""
        if due:
            deliverables.append(Deliverable(code, title, wp, lead, kind, level, due))
    milestones = []
    for i, m in enumerate(entries("milestones"), 1):
        code, w = head(m, "milestones", i, MILESTONE_CODE, "M4")
        codes["milestones"].append(code)
        wp = wp_of(m, w)
        due = due_of(m, w)
        title = r.get(m, "title", str, w) or ""
        verification = r.get(m, "verification", str, w) or ""
        if due:
            milestones.append(Milestone(code, title, wp, due, verification))
    risks = []
    for i, k in enumerate(entries("risks"), 1):
        code, w = head(k, "risks", i, RISK_CODE, "R1")
        codes["risks"].append(code)
        risks.append(
            Risk(
                code=code,
                description=r.get(k, "description", str, w) or "",
                wp=wp_of(k, w),
                likelihood=choice(k, "likelihood", RISK_LEVELS, w, upper=False),
                impact=choice(k, "impact", RISK_LEVELS, w, upper=False),
                mitigation=r.get(k, "mitigation", str, w) or "",
            )
        )
    for name, found in codes.items():
        _unique(r, [c for c in found if c], f"[[work_plan.{name}]] code")
    return WorkPlan(tuple(deliverables), tuple(milestones), tuple(risks))
