"""Access: who is looking and what they may do. Viewers and their scope, the one permission
table, accounts and sessions, and the audit log of who did what.

Used by every other package; it imports only the base modules and ``words``.
"""
