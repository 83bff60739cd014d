"""Submissions: a batch of files through intake, into the store, then a warehouse build;
uploads from the dashboard, their editing and the coordinator's review of them.

It may import every library package below it (intake, store, warehouse, metrics, access,
words, workplan); never ``reports``, ``cli`` or ``sample``.
"""
