-- Whether the loaded lists' table exists (a data directory of an earlier release, or one where
-- no list was loaded, has none until the first load creates it).
SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workplan_lists'
