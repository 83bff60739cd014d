"""Metrics: the indicator engine (one SQL definition per indicator), targets, expected values
and status, and the scoped queries behind every figure the dashboard shows.

It reads a warehouse connection it is given; it may import the base modules, ``words`` and
``access``; never ``intake``'s readers, ``store``, ``warehouse``, or anything above.
"""
