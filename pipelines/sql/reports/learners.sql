-- Distinct learners by gender and learner type, with the totals of each and overall.
-- Same filters as ENR-1 in marts/indicator_actuals.sql (enrollments by enrolled_on), so the
-- overall total equals ENR-1 of the same report. A total is a distinct count, not a sum:
-- a learner enrolled under two learner types counts once in the gender total.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to.
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
),
modules_in_basis AS (
    SELECT module_code, sdg_goals
    FROM fct_module
    WHERE CASE WHEN $basis = 'official' THEN official ELSE with_pending END
),
enrollments AS (
    SELECT e.learner_no, e.gender, e.learner_type
    FROM fct_enrollment AS e
    LEFT JOIN modules_in_basis AS m USING (module_code), window_bounds AS w
    WHERE (CASE WHEN $basis = 'official' THEN e.official ELSE e.with_pending END)
      AND ($partner::VARCHAR IS NULL OR e.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR e.partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR list_contains(coalesce(m.sdg_goals, []), $sdg))
      AND e.enrolled_on BETWEEN w.lo AND w.hi
)
SELECT gender, learner_type, count(DISTINCT learner_no) AS learners
FROM enrollments
GROUP BY GROUPING SETS ((gender, learner_type), (gender), (learner_type), ())
ORDER BY gender NULLS LAST, learner_type NULLS LAST
