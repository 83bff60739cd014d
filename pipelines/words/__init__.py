"""Words: everything a person reads. The message catalogue (keys with named parameters, in
each language) and the presentation of values (numbers, percentages, dates, missing values,
status and vocabulary labels, names), spreadsheet-safe cells, and the language each
account chose last (``preferences``, a language code per handle; no account data).

It imports only the base modules (``config``, ``errors``, ``paths``).
"""
