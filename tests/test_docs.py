"""The documentation cannot drift: the README's schema section and commands follow the code."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from archive.cli import cli
from archive.schema_doc import BEGIN, END, schema_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_schema_section_is_generated_from_metadata():
    text = README.read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section.strip() == schema_markdown().strip(), "run: python -m archive.schema_doc README.md"
    for table in ("sources", "announcements", "versions", "attachments", "crawl_runs"):
        assert f"### `{table}`" in section


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str):
    command = cli.commands[name]
    assert command.help and len(command.help.split()) >= 5
    assert f"health-archive {name}" in README.read_text(encoding="utf-8")
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            assert sub.help, f"{name} {sub.name} has no help"
