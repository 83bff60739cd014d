INSERT INTO measures (package_id, code, name, unit, kind, definition, target)
VALUES (?, ?, ?, ?, ?, ?, ?)
