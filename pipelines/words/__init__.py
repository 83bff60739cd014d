"""Words: everything a person reads. The message catalogue (keys with named parameters, in
each language) and the presentation of values (numbers, percentages, dates, missing values,
status and vocabulary labels, names), and spreadsheet-safe cells.

It imports only the base modules (``config``, ``errors``, ``paths``).
"""
