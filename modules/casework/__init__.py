"""The case-work core every case module builds on instead of re-inventing it.

Reference numbers by a per-country pattern, a declarative status workflow, assignment, due dates and
overdue flags, a timeline of events, attached documents (access checked on every download), letters
and statements from templates a country may override, optimistic locking and audit.
"""
