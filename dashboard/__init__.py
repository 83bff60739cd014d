"""The Streamlit dashboard: thin pages over ``pipelines.queries`` (run ``dashboard/app.py``)."""
