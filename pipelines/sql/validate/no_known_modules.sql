-- No modules accepted yet: the same views, empty.
CREATE OR REPLACE TEMP VIEW lv_known_ects AS
SELECT CAST(NULL AS VARCHAR) AS module_code, CAST(NULL AS DOUBLE) AS ects
WHERE false;

CREATE OR REPLACE TEMP VIEW lv_known_leads AS
SELECT CAST(NULL AS VARCHAR) AS module_code, CAST(NULL AS VARCHAR) AS lead_partner_code
WHERE false;
