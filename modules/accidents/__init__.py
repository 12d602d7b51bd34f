"""Occupational accidents and diseases (OAD reports): notifications, medical reports, SDG 8.8.1."""
