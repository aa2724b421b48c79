"""YAML read through libyaml's safe loader where PyYAML was built with it: the same
documents, ten times faster. Every crawl, extraction worker and spider loader reads the
registry, and every one that tags records reads the topic and place vocabularies (1 s a
process with the pure-Python loader)."""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The document `text` holds (yaml.YAMLError when it is not YAML); no tags that build objects."""
    return yaml.load(text, Loader=SAFE_LOADER)
