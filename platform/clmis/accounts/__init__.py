"""People and roles: the user model, the roles defined in code, MFA for privileged roles, API tokens."""
