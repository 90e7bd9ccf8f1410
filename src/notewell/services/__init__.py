"""Use cases: the only place the pure core meets files, storage and configuration."""
