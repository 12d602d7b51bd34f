"""Redundancies notified by employers: workers affected by sex and occupation, reasons, severance."""
