"""Vacancies (Form 25) notified by employers, and employers' work requests to the employment service."""
