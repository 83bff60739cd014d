SELECT package_id, created FROM packages
WHERE number = :number AND superseded_by IS NULL AND removed_at IS NULL
