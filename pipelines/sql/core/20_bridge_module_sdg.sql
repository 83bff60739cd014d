-- Module x SDG, per basis version: enrollments inherit their module's goals through it.
CREATE TABLE bridge_module_sdg AS
WITH exploded AS (
    SELECT module_code, submission_id, official, with_pending, unnest(sdg_goals) AS goal
    FROM fct_module
)
SELECT * FROM exploded ORDER BY module_code, goal;
