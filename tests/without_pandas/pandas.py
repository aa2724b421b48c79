"""Put first on the path of the processes the tests start, so that `import pandas` fails there
as it does in production, where pandas (a test-only dependency, for the dumps' tools test) is
not installed. sqlite-utils imports pandas whenever it can, ~0.3 s of CPU at every command's
start, for a column type the archive never writes."""

raise ImportError("pandas is left out of the processes the tests start (tests/without_pandas)")
