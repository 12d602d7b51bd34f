"""Personal data in a country's case records: who may see it, a person's copy of it, its erasure."""
