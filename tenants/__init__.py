"""Countries as tenants: the Country model, host routing, the template schema and provisioning."""
