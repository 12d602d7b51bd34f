"""The regional hub's own domain, in the public schema only (ARCHITECTURE §5 steps 5-6, §8).

`regional_hub.catalogue` is the harmonised catalogue and ILOSTAT's codelists; collection of national
values, comparisons, the regional public site and open data arrive with the rest of the regional-hub
issue, releases with the release-train issue. The countries console is tenants.views.
"""
