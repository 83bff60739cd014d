-- The shape of the Parquet files in the submission store, one per template.
-- The build reads the current files into these temporary tables (or leaves them empty).
-- A column a stored file lacks (written before the column existed) reads as NULL.
CREATE TEMP TABLE src_modules (
    submission_id INTEGER, module_code VARCHAR, title VARCHAR, lead_partner_code VARCHAR,
    partner_codes VARCHAR[], work_package VARCHAR, sdg_goals INTEGER[], ects DOUBLE,
    eqf_level INTEGER, language VARCHAR[], delivery_mode VARCHAR, status VARCHAR,
    micro_credential BOOLEAN, learning_outcomes VARCHAR, assessment_type VARCHAR,
    quality_assurance VARCHAR, available_from DATE, catalog_url VARCHAR, source_row INTEGER,
    -- added after release 0.1: files stored before them read these as NULL
    title_ru VARCHAR, title_kk VARCHAR, title_uz VARCHAR, learning_outcomes_ru VARCHAR,
    learning_outcomes_kk VARCHAR, learning_outcomes_uz VARCHAR, isced_field VARCHAR,
    entry_requirements VARCHAR
);
CREATE TEMP TABLE src_enrollments (
    submission_id INTEGER, partner_code VARCHAR, module_code VARCHAR, learner_key VARCHAR,
    gender VARCHAR, learner_type VARCHAR, enrolled_on DATE, status VARCHAR, completed_on DATE,
    ects_earned DOUBLE, credential_issued BOOLEAN, source_row INTEGER
);
CREATE TEMP TABLE src_dissemination (
    submission_id INTEGER, activity_id VARCHAR, partner_code VARCHAR, date DATE,
    activity_type VARCHAR, title VARCHAR, country VARCHAR, audience VARCHAR[],
    participants BIGINT, reach BIGINT, sdg_goals INTEGER[], url VARCHAR, source_row INTEGER
);
