"""`kua tables`: the counted tables (needs the passphrase).

Imports only what counting needs: no XLSForm, spreadsheet or report renderer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK
from kua.cli.actors import refused
from kua.cli.passphrase import unseal_from_environment
from kua.cli.scope_args import scope_filters
from kua.reports.tables_json import tables_json


def cmd_tables(args: argparse.Namespace) -> int:
    actor = unseal_from_environment()
    filters = scope_filters(actor, args)
    try:
        tables = tables_json(actor=actor, filters=filters)
    except PermissionDenied:
        raise refused(actor) from None
    if args.format == "json":
        json.dump(tables, sys.stdout, ensure_ascii=False)
        print()
    else:
        print(_text_tables(tables))
    return EXIT_OK


def _text_tables(tables: dict[str, Any]) -> str:
    lines = [_("Respondents counted: %(n)d") % {"n": tables["respondents"]}]
    for title, key in ((_("Police"), "police"), (_("Medical staff"), "medical")):
        lines.append("")
        lines.append(title)
        for code, count in sorted(tables[key].items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {code:<32} {count:>7}")
        for row, counts in tables["yn"][key].items():
            lines.append(f"  {row:<32} {_('yes')} {counts['yes']:>6}  {_('no')} {counts['no']:>6}")
    return "\n".join(lines)
