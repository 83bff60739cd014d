"""Audit: the append-only log of who did what and when (``log``), and the coordinator's
filtered reading and export of it (``trail``).

Used by every package that acts on someone's behalf, ``access`` included (accounts record
sign-ins and changes); it imports only the base modules and ``words``.
"""
