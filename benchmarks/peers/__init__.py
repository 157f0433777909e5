"""The benchmark model written in each peer framework (see benchmarks/SPEC.md)."""
