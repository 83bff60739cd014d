-- Every note on a project, the latest written per visit and criterion first.
SELECT note_id, visit, criterion, score, comment, written_at, written_by
FROM notes WHERE number = ? ORDER BY visit DESC, criterion, note_id DESC
