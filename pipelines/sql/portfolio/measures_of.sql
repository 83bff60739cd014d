SELECT code, name, unit, kind, target FROM measures WHERE package_id = ? ORDER BY code
