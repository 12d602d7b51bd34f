"""Training programmes: a CLMIS module contributed by Saint Lucia (docs/extensions.md of the platform)."""
