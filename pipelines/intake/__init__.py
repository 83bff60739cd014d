"""Intake: read a submitted file, recognise its template, validate it, pseudonymise learners.

Owns the data contract (``contract``), the readers, the SQL validation rules and the
templates partners fill in. It may import the project's base modules (``config``, ``errors``,
``paths``) and ``words``; never ``store``, ``warehouse``, ``metrics`` or anything above them.
"""
