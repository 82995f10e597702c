"""`kua release create|verify|list` and `kua budget show|set` (releases.md).

Exit codes: 0 done; 1 `verify` found the file invalid; 2 bad arguments or unusable input;
3 sealed; 4 refused (the privacy budget would be exceeded; not a member of a network)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_PARTIAL, EXIT_REFUSED, EXIT_SEALED, CommandError
from kua.cli.actors import refused
from kua.cli.passphrase import unseal_from_environment
from kua.network.publishing import network_public_release
from kua.network.services.member import NotMember, network_release_create
from kua.releases import fileformat
from kua.releases.fileformat import InvalidRelease
from kua.releases.scope import Scope, UnknownRegion, UnknownStudy
from kua.releases.selectors import budgets, ledger_entries, signing_fingerprints
from kua.releases.services import BudgetExceeded, budget_set, release_create
from kua.vault.selectors import VaultSealed


def _date(value: str | None, option: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("%(option)s must be a date as YYYY-MM-DD.") % {"option": option}) from None


def _epsilon(value: float | None) -> float | None:
    if value is not None and not (0 < value < float("inf")):
        raise CommandError(_("--epsilon must be a positive number."))
    return value


def _checked_method(args: argparse.Namespace) -> None:
    if args.kind == fileformat.NETWORK:
        if args.method is not None or args.epsilon is not None:
            raise CommandError(_("--kind network takes no --method: network releases hold exact counts."))
        if args.study is not None or args.region:
            raise CommandError(
                _("A network release covers the whole organisation over a period: only --from and --to.")
            )
        return
    if args.method is None:
        raise CommandError(_("--kind public needs --method suppressed or --method dp."))
    if (args.method == fileformat.DP) != (args.epsilon is not None):
        raise CommandError(_("--epsilon goes with --method dp, and only with it."))


def _scope(args: argparse.Namespace) -> Scope:
    scope = Scope(_date(args.date_from, "--from"), _date(args.date_to, "--to"), args.study, args.region or "")
    if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
        raise CommandError(_("--from is after --to."))
    return scope


def atomic_writer(path: str) -> Any:
    """Write the file whole or not at all (a temporary file in the same folder, renamed)."""
    target = Path(path)
    if not target.parent.is_dir():
        raise CommandError(_("No such folder for --out: %(path)s") % {"path": str(target.parent)})

    def deliver(content: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".kua-release-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    return deliver


def cmd_release_create(args: argparse.Namespace) -> int:
    with translation.override(args.lang or translation.get_language()):
        return _create(args)


def _create(args: argparse.Namespace) -> int:
    _checked_method(args)
    epsilon, scope, deliver = _epsilon(args.epsilon), _scope(args), atomic_writer(args.out)
    actor = unseal_from_environment()
    try:
        if args.kind == fileformat.NETWORK:
            made = _network_release(actor, scope, deliver)
        elif actor.organisation is not None and actor.organisation.is_hub:
            made = _hub_release(actor, args.method, epsilon, scope, deliver)
        else:
            made = release_create(
                actor=actor, method=args.method, epsilon=epsilon, scope=scope, deliver=deliver
            )
    except PermissionDenied:
        raise refused(actor) from None
    except UnknownStudy:
        raise CommandError(_("No study %(id)s in this organisation.") % {"id": args.study}) from None
    except UnknownRegion:
        raise CommandError(
            _("There is no region %(code)s in the questionnaire.") % {"code": args.region}
        ) from None
    except VaultSealed:
        raise CommandError(_("The vault is sealed."), EXIT_SEALED) from None
    except BudgetExceeded as error:
        message = _(
            "Refused: this release would exceed the privacy budget (ε left: %(left)s). Nothing was written."
        )
        raise CommandError(message % {"left": _number(error.left)}, EXIT_REFUSED) from None
    print(_("Release %(id)s written to %(file)s.") % {"id": made.document["release_id"], "file": args.out})
    print(_("SHA-256: %(sha)s") % {"sha": made.sha256})
    return EXIT_OK


def _network_release(actor: Any, scope: Scope, deliver: Any) -> Any:
    try:
        return network_release_create(actor=actor, scope=scope, deliver=deliver)
    except NotMember:
        raise CommandError(
            _("Refused: this organisation is not a member of a network."), EXIT_REFUSED
        ) from None


def _hub_release(actor: Any, method: str, epsilon: float | None, scope: Scope, deliver: Any) -> Any:
    """At a hub, a public release is of the network's counts (its members' releases)."""
    if scope.study is not None or scope.region:
        raise CommandError(_("The network's public release covers a period only: --from and --to."))
    return network_public_release(
        actor=actor,
        method=method,
        epsilon=epsilon,
        date_from=scope.date_from,
        date_to=scope.date_to,
        deliver=deliver,
    )


def cmd_release_verify(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.file).read_bytes()
    except OSError:
        raise CommandError(_("Cannot read %(file)s.") % {"file": args.file}) from None
    try:
        verified = fileformat.read(raw)
    except InvalidRelease as error:
        print(_("INVALID: %(reason)s") % {"reason": str(error)}, file=sys.stderr)
        return EXIT_PARTIAL
    document = verified.document
    method = document.get("method") or {}
    print(_("Valid release, signed by the key of: %(org)s") % {"org": document["organisation"]})
    print(
        _("Kind: %(kind)s; method: %(method)s")
        % {"kind": document["kind"], "method": method.get("name", "—")}
    )
    print(
        _("Created: %(when)s; release id: %(id)s")
        % {"when": document["created"], "id": document["release_id"]}
    )
    print(_("Signing key fingerprint (compare it with the one the organisation publishes):"))
    print(f"  {verified.fingerprint}")
    return EXIT_OK


def cmd_release_list(args: argparse.Namespace) -> int:
    actor = unseal_from_environment()
    try:
        entries = ledger_entries(actor)
    except PermissionDenied:
        raise refused(actor) from None
    if args.format == "json":
        json.dump(entries, sys.stdout, ensure_ascii=False)
        print()
        return EXIT_OK
    for entry in entries:
        epsilon = "" if entry["epsilon"] is None else f" ε={_number(entry['epsilon'])}"
        scope = " ".join(f"{k}={v}" for k, v in entry["scope"].items() if v is not None) or "—"
        head = f"{entry['created']}  {entry['release_id']}  {entry['by']}"
        print(f"{head}  {entry['kind']}  {entry['method']}{epsilon}")
        print(f"    {scope}  sha256={entry['sha256']}")
    if not entries:
        print(_("No release has left this organisation yet."))
    for key in signing_fingerprints(actor):
        if key.retired is None:
            print(
                _("Signing key in use since %(when)s: %(fp)s") % {"when": key.created, "fp": key.fingerprint}
            )
        else:
            print(_("Retired signing key (%(start)s to %(end)s): %(fp)s")
                  % {"start": key.created, "end": key.retired, "fp": key.fingerprint})  # fmt: skip
    return EXIT_OK


def cmd_budget_show(args: argparse.Namespace) -> int:
    actor = unseal_from_environment()
    try:
        rows = [row.as_json() for row in budgets(actor)]
    except PermissionDenied:
        raise refused(actor) from None
    if args.format == "json":
        json.dump({"budgets": rows}, sys.stdout, ensure_ascii=False)
        print()
        return EXIT_OK
    for row in rows:
        where = (
            _("study %(id)s") % {"id": row["study"]} if row["study"] is not None else _("the organisation")
        )
        print(
            _("%(where)s: ε %(total)s, spent %(spent)s, left %(left)s")
            % {
                "where": where,
                "total": _number(row["epsilon"]),
                "spent": _number(row["spent"]),
                "left": _number(row["left"]),
            }
        )
    if not rows:
        print(_("No privacy budget is set: differentially private releases are refused until one is."))
    return EXIT_OK


def cmd_budget_set(args: argparse.Namespace) -> int:
    epsilon = _epsilon(args.epsilon)
    actor = unseal_from_environment()
    try:
        budget = budget_set(actor=actor, epsilon=float(epsilon or 0), study_id=args.study)
    except PermissionDenied:
        raise refused(actor) from None
    except UnknownStudy:
        raise CommandError(_("No study %(id)s in this organisation.") % {"id": args.study}) from None
    print(
        _("Privacy budget set: ε %(total)s, spent %(spent)s.")
        % {"total": _number(budget.epsilon), "spent": _number(budget.spent)}
    )
    return EXIT_OK


def _number(value: float) -> str:
    return f"{value:.6g}"
