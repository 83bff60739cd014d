"""A National Erasmus+ Office's portfolio: the open data packages other installations
publish (docs/open-data-package.md), checked (``package``), kept with their history and the
office's monitoring notes (``store``). May import words, access, store and publish only.
"""
