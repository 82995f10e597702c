"""`kua audit verify`: the audit log's hash chain."""

from __future__ import annotations

import argparse

from kua.audit.services import audit_verify
from kua.cli import EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    result = audit_verify()
    if result.ok:
        print(f"The audit log is intact: {result.rows} rows, head {result.head}.")
        return EXIT_OK
    print(f"The audit log was tampered with: {result.problem} (after {result.rows} good rows).")
    return 1
