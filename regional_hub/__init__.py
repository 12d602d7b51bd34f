"""The regional hub's own domain: harmonised catalogue, collection, comparisons, open data, releases.

Today the hub is the public schema's shell, its countries console (tenants.views) and its users;
the catalogue and the rest arrive with the regional-hub and release-train issues.
"""
