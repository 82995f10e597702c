"""`kua audit verify`: the audit log's hash chain."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from kua.audit.services import audit_verify
from kua.cli import EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    result = audit_verify()
    if result.ok:
        print(
            _("The audit log is intact: %(rows)d rows, head %(head)s.")
            % {"rows": result.rows, "head": result.head}
        )
        return EXIT_OK
    print(
        _("The audit log was tampered with: %(problem)s (after %(rows)d good rows).")
        % {"problem": result.problem, "rows": result.rows}
    )
    return 1
