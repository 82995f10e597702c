"""`kua import`: interviews from CSV or XLSX (works while sealed)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_PARTIAL, EXIT_UNUSABLE, CommandError
from kua.cli.actors import coordinator
from kua.interchange.documenters import BadDocumenterName, documenters_create, unknown_documenters
from kua.interchange.importing import import_table
from kua.interchange.reading import UnreadableFile
from kua.interviews.services.streaming import pending_batches_clean
from kua.questionnaires.selectors import current_form


class Progress:
    """A progress line on a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.active = sys.stderr.isatty()

    def __call__(self, count: int) -> None:
        if self.active and count % 1000 == 0:
            print(f"\r{self.label}: {count}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.active:
            print(file=sys.stderr)


# An import allocates many short-lived objects and few cycles: the collector's default
# (a scan every 700 allocations) cost ≈15 µs per row in the importing process alone.
GC_THRESHOLD = (100_000, 50, 100)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """What start-up loaded is never scanned again (nor copied into the workers by a scan),
    and the young objects are scanned less often; as before afterwards (tests call commands)."""
    before = gc.get_threshold()
    frozen = gc.get_freeze_count() > 0  # the `kua` command froze its start-up: it stays frozen
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:
            gc.unfreeze()


def cmd_import(args: argparse.Namespace) -> int:
    with _few_collections():
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    actor = coordinator()
    pending_batches_clean()  # what a crashed import left
    if getattr(args, "create_documenters", False):
        _create_documenters(actor, Path(args.file), dry_run=args.dry_run)
    progress = Progress(_("rows read"))
    try:
        report = import_table(
            actor=actor,
            form_version=current_form(actor.org_id),
            path=Path(args.file),
            today=timezone.localdate(),
            dry_run=args.dry_run,
            allow_duplicates=args.allow_duplicates,
            progress=progress,
            workers=os.cpu_count() or 1,
        )
    except UnreadableFile as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    finally:
        progress.done()
    _print_report(report)
    return EXIT_PARTIAL if report.problems else EXIT_OK


def _create_documenters(actor: Any, path: Path, *, dry_run: bool) -> None:
    try:
        names = unknown_documenters(actor=actor, form_version=current_form(actor.org_id), path=path)
        if names and not dry_run:
            documenters_create(actor=actor, names=names)
    except (UnreadableFile, BadDocumenterName) as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    if names and dry_run:
        print(
            _("Documenters who would be created (no password until reset): %(names)s")
            % {"names": ", ".join(names)}
        )
    elif names:
        print(_("Documenters created (no password until reset): %(names)s") % {"names": ", ".join(names)})


REPEATS_SHOWN = 50


def print_summary(report: Any) -> None:
    """The first line of an import's report (interviews or case actions)."""
    verb = _("would be stored") if report.dry_run else _("stored")
    print(
        _("%(rows)d rows read: %(stored)d %(verb)s, %(rejected)d rejected, %(dup)d already imported.")
        % {
            "rows": report.rows,
            "stored": report.stored,
            "verb": verb,
            "rejected": report.rejected_lines,
            "dup": report.duplicates,
        }
    )


def _print_report(report: Any) -> None:
    print_summary(report)
    if report.unknown_documenters:
        print(
            _("Documenters not in this organisation: %(names)s (--create-documenters creates them)")
            % {"names": ", ".join(report.unknown_documenters)}
        )
    if report.unknown_columns:
        print(
            _("Columns not in the form (ignored): %(names)s") % {"names": ", ".join(report.unknown_columns)}
        )
    for note in report.discarded:
        print(
            _("column %(column)s (%(label)s): answers not kept, the question does not apply: %(count)d")
            % {"column": note.column, "label": note.label, "count": note.count}
        )
    for repeat in report.repeats[:REPEATS_SHOWN]:
        print(repeat.message)
    if len(report.repeats) > REPEATS_SHOWN:
        print(_("… and %(n)d more rows stored before.") % {"n": len(report.repeats) - REPEATS_SHOWN})
    if report.repeats:
        print(_("To store genuine repeats, import again with --allow-duplicates."))
    for problem in report.problems:
        values = {
            "line": problem.line,
            "column": problem.column,
            "reason": problem.reason,
            "label": problem.label,
        }
        if problem.label:
            print(_("line %(line)d, «%(label)s» (column %(column)s): %(reason)s") % values)
        else:
            print(_("line %(line)d, column %(column)s: %(reason)s") % values)
