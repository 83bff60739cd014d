SELECT list_id, file_name, sha256, items, at, by
FROM workplan_lists
ORDER BY list_id DESC
LIMIT 1
