"""Store: the append-only ledger of accepted submissions and their Parquet files.

Nothing here is ever updated or deleted: a correction is a new submission. It may import the
base modules, ``words`` and ``intake``; never ``warehouse``, ``metrics`` or anything above.
"""
