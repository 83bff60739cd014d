INSERT INTO workplan_lists (file_name, sha256, items, at, by)
VALUES (:file_name, :sha256, :items, :at, :by)
