"""numpy, installed only as pandas' dependency, is left out of the processes the tests start
with it (see pandas.py here): sqlite-utils imports it too whenever it can (~0.1 s of CPU)."""

raise ImportError("numpy is left out of the processes the tests start (tests/without_pandas)")
