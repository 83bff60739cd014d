"""Deadlines: the reporting calendar (what is due from whom, and when), the reminders sent
before and after a due date, and the SMTP mail that carries them.

It may import every library package below it (intake, store, warehouse, metrics, access,
words); never ``submissions``, ``reports``, ``cli`` or ``sample``.
"""
