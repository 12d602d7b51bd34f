"""Workplaces of employers: the sites where people work, for inspections and counts of workers by sex."""
