"""Operating an installation: format upgrades, backups and restores, the health check.

It may import the base modules, ``words``, ``access``, ``intake``, ``store``, ``metrics``,
``warehouse`` and ``reports``; the CLI and the dashboard call it.
"""
