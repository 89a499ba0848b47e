"""Development tools that are not part of the runtime package: the whole system as local processes,
for tests and benchmarks."""
