-- Distinct learners by gender and learner type, with the totals of each and overall.
-- Same filters as ENR-1 in marts/indicator_actuals.sql (enrollments by enrolled_on), so the
-- overall total equals ENR-1 of the same report. A total is a distinct count, not a sum:
-- a learner enrolled under two learner types counts once in the gender total.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to.
WITH
enrollments AS (
    SELECT learner_no, gender, learner_type
    FROM enrollments_in_scope($basis, NULL, $partner, $country, $sdg, $date_from, $date_to)
    WHERE in_enrolled_window
)
SELECT gender, learner_type, count(DISTINCT learner_no) AS learners
FROM enrollments
GROUP BY GROUPING SETS ((gender, learner_type), (gender), (learner_type), ())
ORDER BY gender NULLS LAST, learner_type NULLS LAST
