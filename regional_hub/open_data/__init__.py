"""The hub's open data over the REST API (/api/v1/open/ on the hub): the harmonised indicators, the
countries and their published values, as JSON or CSV, for anyone, without signing in. The same facts
are served as SDMX by regional_hub.sdmx (docs/api.md, "Open data")."""
