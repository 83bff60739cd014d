-- An office's notes on a project, the latest visit first, then by criterion, newest first.
SELECT note_id, visit, criterion, score, comment, written_at, written_by
FROM notes WHERE number = ? AND country = ? ORDER BY visit DESC, criterion, note_id DESC
