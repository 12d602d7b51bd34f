"""Job seekers (Form 24): the public employment service's register of people looking for work."""
