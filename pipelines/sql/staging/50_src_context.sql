-- National SDG figures imported with `context import` (the context store's Parquet files).
-- Empty unless pipelines/warehouse/context_tables.py finds imported sources; the core model
-- ctx_national keeps them in the warehouse.
CREATE TABLE src_context (
    country VARCHAR,
    indicator VARCHAR,
    series VARCHAR,
    year INTEGER,
    year_end INTEGER,
    region VARCHAR,
    region_label VARCHAR,
    disaggregation VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    unit_code VARCHAR,
    source VARCHAR,
    licence VARCHAR,
    imported_at VARCHAR
);
