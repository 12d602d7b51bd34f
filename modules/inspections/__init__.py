"""Labour inspections (Form 14): visits, checklist, violations, notices, penalties; the C81 report."""
