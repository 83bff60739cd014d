"""Access: who is looking and what they may do. Viewers and their scope, the one permission
table, accounts and sessions.

Used by every other package; it imports only the base modules, ``words`` and ``audit``.
"""
