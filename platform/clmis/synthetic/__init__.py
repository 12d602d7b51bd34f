"""Synthetic data: seeded, realistic records of every module at the size a real country has, written by
COPY and bulk inserts; for the demo at scale (`clmis demo generate`) and the benchmarks (bench/)."""
