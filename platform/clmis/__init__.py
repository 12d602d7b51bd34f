"""CLMIS: the Django project and the cross-cutting core (settings, accounts, API, tasks, UI shell, CLI)."""

# The platform release this code is; countries record the release last applied to their schema.
RELEASE = "2026.1"
