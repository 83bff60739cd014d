"""National SDG context: official national SDG figures kept beside the project's own results.

Owns the importers of national SDG data (the Open SDG data format, the UN SDG Global Database
CSV export, tidy scrapes of national platforms), the context store under the data directory
(``context/imported/``: one Parquet file per source and a manifest with provenance and licence), the
``[context]`` mapping of national indicators to the project's SDGs and indicators, and the
curated extract shipped with the sample installation. May import words, access, intake,
store, metrics and warehouse only.
"""
