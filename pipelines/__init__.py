"""LESLIE Impact data pipelines: a library; the CLI and the dashboard are thin edges over it."""

__version__ = "0.2.0"
