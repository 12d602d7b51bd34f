"""The hub's open data as an SDMX 2.1 web service (SDMX RESTful API 1.x, under /sdmx/ on the hub):
structure queries (dataflow, datastructure, codelist, conceptscheme) answered with SDMX-ML 2.1
structure messages, and data queries answered with SDMX-ML 2.1 generic or structure-specific data or
SDMX-CSV 1.0, read from the hub's fact table only (docs/api.md, "SDMX")."""
