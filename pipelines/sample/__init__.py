"""Sample: the SYNTHETIC installation shipped with the product (seeded submissions for every
partner, their corrections, demo accounts) and benchmark-scale files.

It may import any library package; nothing in the library imports it.
"""
