-- The work plan's history: one row per change, never updated or deleted. The state of a
-- deliverable, milestone or risk is the fold of its rows (pipelines/workplan/history.py).
CREATE TABLE IF NOT EXISTS workplan_events (
    event_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    item_kind       TEXT NOT NULL CHECK (item_kind IN ('deliverable', 'milestone', 'risk')),
    code            TEXT NOT NULL,
    status          TEXT,             -- the new status; NULL when unchanged
    on_day          TEXT NOT NULL,    -- YYYY-MM-DD the change counts from (submission, reaching)
    justification   TEXT,             -- a new justification (risks: a note); NULL when unchanged
    evidence_name   TEXT,             -- an evidence file's name as sent: shown, never a path
    evidence_sha256 TEXT,
    evidence_bytes  INTEGER,
    evidence_type   TEXT,             -- pdf, docx, ... as read from the content
    evidence_path   TEXT,             -- relative to the store folder
    evidence_url    TEXT,
    at              TEXT NOT NULL,    -- ISO 8601 UTC
    by              TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS workplan_events_by_item ON workplan_events(item_kind, code);
CREATE TRIGGER IF NOT EXISTS workplan_events_no_update BEFORE UPDATE ON workplan_events
    BEGIN SELECT RAISE(ABORT, 'the work plan history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS workplan_events_no_delete BEFORE DELETE ON workplan_events
    BEGIN SELECT RAISE(ABORT, 'the work plan history is append-only'); END;
-- The work plan's list as loaded from the grant agreement's template: one row per load, never
-- updated or deleted; the list in force is the last row (none: project.toml's list).
CREATE TABLE IF NOT EXISTS workplan_lists (
    list_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name TEXT NOT NULL,          -- the file's name as sent: shown, never a path
    sha256    TEXT NOT NULL,          -- of the file's bytes
    items     TEXT NOT NULL,          -- JSON: {"deliverables": [...], "milestones": [...]}
    at        TEXT NOT NULL,          -- ISO 8601 UTC
    by        TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS workplan_lists_no_update BEFORE UPDATE ON workplan_lists
    BEGIN SELECT RAISE(ABORT, 'the loaded work plan lists are append-only'); END;
CREATE TRIGGER IF NOT EXISTS workplan_lists_no_delete BEFORE DELETE ON workplan_lists
    BEGIN SELECT RAISE(ABORT, 'the loaded work plan lists are append-only'); END;
