"""Storage: the Django app that keeps units, people, evaluation records and their audit log.

``models`` are the tables, ``selectors`` every read (scoped to what the user may see) and
``records`` every write (workflow transitions, version checks, the audit log). Nothing else
touches the ORM.
"""
