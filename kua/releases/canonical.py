"""The canonical JSON a release's signature covers (releases.md): the object without
`signature`, keys sorted, separators `,` and `:`, no ASCII escaping, UTF-8."""

from __future__ import annotations

import json
from typing import Any


def canonical_bytes(document: dict[str, Any]) -> bytes:
    unsigned = {key: value for key, value in document.items() if key != "signature"}
    text = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")
