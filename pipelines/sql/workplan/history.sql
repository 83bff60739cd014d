SELECT event_id, item_kind, code, status, on_day, justification, evidence_name,
       evidence_sha256, evidence_bytes, evidence_type, evidence_path, evidence_url, at, by
FROM workplan_events
WHERE (:item_kind IS NULL OR item_kind = :item_kind)
ORDER BY event_id
