"""The Streamlit dashboard: thin pages over ``pipelines.metrics.queries`` (run ``dashboard/app.py``)."""
