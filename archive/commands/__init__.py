"""Commands of the `health-archive` CLI that live in their own modules, added in archive.cli."""
