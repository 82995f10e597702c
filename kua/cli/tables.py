"""`kua tables`: the counted tables (needs the passphrase).

Imports only what counting needs: no XLSForm, spreadsheet or report renderer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK
from kua.cli.actors import refused
from kua.cli.passphrase import unseal_from_environment
from kua.cli.scope_args import scope_filters
from kua.questionnaires.labels import choice_label
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec, pick_text
from kua.reports.counting.tables_json import tables_json


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
        print(text_tables(tables, spec_for(current_form(actor.org_id)), get_language() or "ru"))
    return EXIT_OK


def _question(spec: FormSpec, name: str, language: str) -> str:
    if not spec.has_field(name):
        return name
    return pick_text(dict(spec.field(name).labels), language, spec.default_language) or name


def text_tables(tables: dict[str, Any], spec: FormSpec, language: str) -> str:
    """The tables as a person reads them: the questionnaire's labels in her language, not codes."""
    lines = [_("Respondents counted: %(n)d") % {"n": tables["respondents"]}]
    for title, key in ((_("Police"), "police"), (_("Medical staff"), "medical")):
        lines.append("")
        lines.append(title)
        for code, count in sorted(tables[key].items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {choice_label(spec, f'{key}_violations', code, language):<60} {count:>7}")
        for row, counts in tables["yn"][key].items():
            lines.append(f"  {_question(spec, f'{key}_{row}', language)}")
            lines.append(f"      {_('yes')} {counts['yes']:>6}  {_('no')} {counts['no']:>6}")
    return "\n".join(lines)
