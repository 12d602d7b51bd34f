"""Reference data every module codes with: ISCO-08, ISIC Rev.4, ISO 3166 and each country's own tables.

Classifications live in every country schema (loaded at country creation and by `clmis reference
load`), so a country can add national tables (districts, parishes, local occupation lists) beside the
international ones and map national codes to the harmonised ones.
"""
