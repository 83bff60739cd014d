-- A package already held (the same digest), and the project's current package.
SELECT package_id, number, created, removed_at, superseded_by FROM packages WHERE digest = :digest
