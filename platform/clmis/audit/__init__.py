"""Audit: every change to audited records is kept (who, when, before, after) and never editable.

Models opt in with `history = audited()` (django-simple-history). Each history row names its actor as
a label valid across schemas ("kn:officer", "hub:provider", "system"), set by services from their
`by` argument (`with acting(actor_label(by))`) and, for pages such as the Django admin, by
ActorMiddleware from the signed-in user.
"""
