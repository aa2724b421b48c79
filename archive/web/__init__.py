"""The archive's Datasette plugin: search, record pages, archived copies, feeds, public guard.

Registered as the `datasette` entry point `health_archive` (see pyproject.toml); templates in
`templates/` are passed to Datasette by `archive.serving`.
"""
