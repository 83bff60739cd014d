-- A National Office's portfolio: the open data packages of the projects it follows.
-- Every package added is kept; the current one of a project is its newest, not removed.
CREATE TABLE IF NOT EXISTS packages (
    package_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    digest         TEXT NOT NULL UNIQUE,   -- SHA-256 of datapackage.json (it names every file's)
    number         TEXT NOT NULL,          -- the project number
    acronym        TEXT NOT NULL,
    title          TEXT NOT NULL,
    created        TEXT NOT NULL,          -- when the project published it (UTC)
    figures_as_of  TEXT NOT NULL,
    format_version TEXT NOT NULL,
    descriptor     TEXT NOT NULL,          -- datapackage.json as published
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    superseded_by  INTEGER REFERENCES packages(package_id),
    removed_at     TEXT
);
CREATE INDEX IF NOT EXISTS packages_by_number ON packages(number);
CREATE TABLE IF NOT EXISTS figures (
    package_id INTEGER NOT NULL REFERENCES packages(package_id),
    measure    TEXT NOT NULL,
    sdg        TEXT NOT NULL,
    country    TEXT NOT NULL,
    period     TEXT NOT NULL,
    value      REAL,
    status     TEXT NOT NULL,
    target     REAL,
    expected   REAL,
    PRIMARY KEY (package_id, measure, sdg, country, period)
);
CREATE TABLE IF NOT EXISTS measures (
    package_id INTEGER NOT NULL REFERENCES packages(package_id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    definition TEXT NOT NULL,
    target     REAL,
    PRIMARY KEY (package_id, code)
);
CREATE TABLE IF NOT EXISTS notes (
    note_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    number     TEXT NOT NULL,              -- the project number
    country    TEXT NOT NULL,              -- the office's country (ISO2), or ALL
    visit      TEXT NOT NULL,              -- the monitoring visit's date (YYYY-MM-DD)
    criterion  TEXT NOT NULL,
    score      INTEGER CHECK (score BETWEEN 1 AND 4),
    comment    TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);
