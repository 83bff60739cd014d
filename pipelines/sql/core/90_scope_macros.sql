-- The facts of one request, defined once for every query that reads them (indicators,
-- dashboard queries, reports). Table macros are stored in the warehouse and expanded into
-- the calling query, so the planner pushes their filters down to the scan. Callers pass
-- bound parameters: enrollments_in_scope($basis, $partners, $partner, $country, $sdg,
-- $date_from, $date_to).
--   basis       'official' (approved rows) or 'with_pending' (approved + pending uploads)
--   partners    VARCHAR[] of the partners whose rows may count, or NULL = all
--   partner     partner code or NULL          country   ISO2 of the partner's country or NULL
--   sdg         goal number or NULL           date_from, date_to  DATE window (NULL = open)

-- Enrollment rows with a fact in the window: enrolled in it (in_enrolled_window) or
-- completed in it (in_completed_window), with sdg_goals: the goals of the module as the same
-- basis describes it. The module side is a 40-row hash join, far cheaper at a million rows
-- than a subquery test per row.
CREATE OR REPLACE MACRO enrollments_in_scope(basis, partners, partner, country, sdg, date_from, date_to)
AS TABLE
    SELECT *
    FROM (
        SELECT e.*, m.sdg_goals,
            e.enrolled_on BETWEEN coalesce(date_from::DATE, DATE '0001-01-01')
                AND coalesce(date_to::DATE, DATE '9999-12-31') AS in_enrolled_window,
            e.is_completed AND e.completed_on BETWEEN coalesce(date_from::DATE, DATE '0001-01-01')
                AND coalesce(date_to::DATE, DATE '9999-12-31') AS in_completed_window
        FROM fct_enrollment AS e
        LEFT JOIN (
            SELECT module_code, sdg_goals
            FROM fct_module
            WHERE CASE WHEN basis = 'official' THEN official ELSE with_pending END
        ) AS m ON m.module_code = e.module_code
        WHERE (CASE WHEN basis = 'official' THEN e.official ELSE e.with_pending END)
          AND (partners::VARCHAR[] IS NULL OR list_contains(partners::VARCHAR[], e.partner_code))
          AND (partner::VARCHAR IS NULL OR e.partner_code = partner)
          AND (country::VARCHAR IS NULL OR e.partner_country = country)
          AND (sdg::INTEGER IS NULL OR list_contains(m.sdg_goals, sdg::INTEGER))
    )
    WHERE in_enrolled_window OR in_completed_window;

-- Dissemination activities dated in the window, of an SDG when one is asked for.
CREATE OR REPLACE MACRO activities_in_scope(basis, partners, partner, country, sdg, date_from, date_to)
AS TABLE
    SELECT a.*
    FROM fct_activity AS a
    WHERE (CASE WHEN basis = 'official' THEN a.official ELSE a.with_pending END)
      AND (partners::VARCHAR[] IS NULL OR list_contains(partners::VARCHAR[], a.partner_code))
      AND (partner::VARCHAR IS NULL OR a.partner_code = partner)
      AND (country::VARCHAR IS NULL OR a.partner_country = country)
      AND (sdg::INTEGER IS NULL OR list_contains(coalesce(a.sdg_goals, []), sdg::INTEGER))
      AND a.date BETWEEN coalesce(date_from::DATE, DATE '0001-01-01')
          AND coalesce(date_to::DATE, DATE '9999-12-31');

-- Modules of the basis led by a partner in scope, of an SDG when one is asked for. Modules
-- are a current count: no date window. A module belongs to its lead partner.
CREATE OR REPLACE MACRO modules_in_scope(basis, partners, partner, country, sdg)
AS TABLE
    SELECT m.*
    FROM fct_module AS m
    WHERE (CASE WHEN basis = 'official' THEN m.official ELSE m.with_pending END)
      AND (partners::VARCHAR[] IS NULL OR list_contains(partners::VARCHAR[], m.lead_partner_code))
      AND (partner::VARCHAR IS NULL OR m.lead_partner_code = partner)
      AND (country::VARCHAR IS NULL OR m.partner_country = country)
      AND (sdg::INTEGER IS NULL OR list_contains(coalesce(m.sdg_goals, []), sdg::INTEGER));
