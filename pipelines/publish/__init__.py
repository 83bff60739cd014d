"""Public figures: the consortium's results per SDG, country and reporting period under
disclosure control, for the public impact page and the open data package.

Owns the disclosure rules (``disclosure``), the public figures (``figures``) and the
Frictionless Data Package writer (``package``). May import words, access, intake, store,
metrics, warehouse and reports only.
"""
