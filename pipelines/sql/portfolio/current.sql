-- The current package of every project in the portfolio (newest, neither superseded nor removed).
SELECT package_id, number, acronym, title, created, figures_as_of, descriptor
FROM packages
WHERE superseded_by IS NULL AND removed_at IS NULL
ORDER BY acronym, number
