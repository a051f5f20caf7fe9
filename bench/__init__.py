"""The benchmark harness behind `make bench`: measures every domain end to end and writes
BENCHMARKS.md's generated block and `bench/results/latest.json` (see `bench.run`)."""
