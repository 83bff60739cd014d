-- The modules enrollments may refer to, and who owns each code (caller's known_modules).
CREATE OR REPLACE TEMP VIEW lv_known_ects AS
SELECT upper(trim(module_code)) AS module_code, max(ects) AS ects
FROM known_modules
GROUP BY 1;

CREATE OR REPLACE TEMP VIEW lv_known_leads AS
SELECT DISTINCT upper(trim(module_code)) AS module_code,
       upper(trim(lead_partner_code)) AS lead_partner_code
FROM known_modules;
