SELECT code, name, unit, kind, definition, target FROM measures WHERE package_id = ? ORDER BY code
