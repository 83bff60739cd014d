SELECT list_id, sha256
FROM workplan_lists
ORDER BY list_id DESC
LIMIT 1
