"""JSON answers of the platform APIs (gov.kz, WHO's OData, WordPress's REST API), read within bounds.

Decoded JSON takes about 28 times its size in Python objects (10 MB of `[{},{},…]` is 280 MB),
so an answer is refused past MAX_BYTES: a page of 20 to 100 news items is well under 1 MB.
Nesting deep enough to exhaust Python's recursion limit is a malformed answer, not a crash.
"""

from __future__ import annotations

import json
from typing import Any

MAX_BYTES = 5 * 1024 * 1024


def read_json(body: bytes) -> Any:
    """The answer's JSON value; ValueError when it is not JSON or is too large to read."""
    if len(body) > MAX_BYTES:
        raise ValueError(f"API answer larger than {MAX_BYTES // 2**20} MB ({len(body):,} bytes): not read")
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("API answer nested too deeply") from None
