"""The `kua` command. Exit codes: 0 done, 1 partly done (or invalid), 2 unusable input, 3 sealed,
4 refused (releases: the privacy budget; not a member of a network)."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable

import django
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils import translation

from kua.accounts.roles import Role
from kua.cli.instance import ensure_instance_secret, ephemeral_secret_if_none
from kua.cli.language import argparse_words, cli_language, translate_parser
from kua.documents.formats import REPORT_FORMATS
from kua.languages import LANGUAGE_CODES

EXIT_OK, EXIT_PARTIAL, EXIT_UNUSABLE, EXIT_SEALED, EXIT_REFUSED = 0, 1, 2, 3, 4


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_UNUSABLE) -> None:
        super().__init__(message)
        self.code = code


def add_scope_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day of the period")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day of the period")
    parser.add_argument(
        "--study", dest="study_id", type=int, metavar="ID", help="a study: its period and districts"
    )
    parser.add_argument("--region", default="", metavar="CODE", help="a region code of the questionnaire")
    parser.add_argument("--district", default="", metavar="CODE", help="a district code of the questionnaire")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kua", description="Kua: sealed documentation of violations.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="create the database, organisation, key pair and first keyholder")
    p.add_argument("--org", required=True)
    p.add_argument("--keyholder", required=True)
    p.add_argument("--password-file")
    p.add_argument("--recovery-file", help="write the recovery key sheet here (mode 600), not to the screen")
    p.add_argument("--hub", action="store_true", help="a network's hub instead of a member organisation")
    user = sub.add_parser("user", help="manage users").add_subparsers(dest="user_command", required=True)
    p = user.add_parser("add", help="add a user to the organisation")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=Role.values)
    p.add_argument("--password-file")
    _user_parsers(user)
    p = sub.add_parser("demo", help="a demo organisation with synthetic interviews")
    p.add_argument("--interviews", type=int, default=200)
    p.add_argument("--reuse", action="store_true", help="if the demo exists, only print its logins")
    p = sub.add_parser("demo-code", help="print the current two-factor code of a demo user")
    p.add_argument("username")
    p = sub.add_parser("serve", help="serve the web app with a production server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--threads", type=int, default=8)
    p = sub.add_parser("import", help="import interviews from CSV or XLSX (works while sealed)")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    p.add_argument(
        "--allow-duplicates", action="store_true", help="store rows equal to stored ones (genuine repeats)"
    )
    p.add_argument(
        "--create-documenters",
        action="store_true",
        help="create the documenters the file names who are not users yet (no password until reset)",
    )
    p = sub.add_parser("export", help="export interviews to CSV or XLSX (needs the passphrase)")
    p.add_argument("--format", choices=["csv", "xlsx"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--edition", choices=["full", "statistical"], default="full")
    p = sub.add_parser("tables", help="the counted tables (needs the passphrase)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    add_scope_arguments(p)
    p = sub.add_parser("report", help="the advocacy report (needs the passphrase)")
    p.add_argument("--format", choices=REPORT_FORMATS, required=True)
    p.add_argument("--lang", choices=LANGUAGE_CODES, default="ru")
    p.add_argument("--edition", choices=["public", "internal"], default="public")
    p.add_argument("--out", required=True)
    add_scope_arguments(p)
    p.add_argument("--release", help="render exactly the numbers of this release file")
    _release_parsers(sub)
    _network_parsers(sub)
    cases = sub.add_parser("cases", help="case actions in and out (needs the passphrase)")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)
    p = cases_sub.add_parser("import", help="import case actions from CSV or XLSX")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    p = cases_sub.add_parser("export", help="export every case action (CSV, or XLSX by the file name)")
    p.add_argument("--out", required=True)
    form = sub.add_parser("form", help="the questionnaire").add_subparsers(dest="form_command", required=True)
    form.add_parser("update", help="install the shipped questionnaire's new version, if there is one")
    sub.add_parser("seal", help="seal the vault in every running process")
    sub.add_parser("unseal", help="check a keyholder passphrase (KUA_PASSPHRASE or prompt)")
    sub.add_parser(
        "maintain", help="bring the blocks, the case ledger and the form cache up to date (KUA_PASSPHRASE)"
    )
    keys = sub.add_parser("key", help="the organisation's keys")
    p = keys.add_subparsers(dest="key_command", required=True).add_parser(
        "rotate", help="new key pair and recovery key; re-seal everything (KUA_PASSPHRASE)"
    )
    p.add_argument("--recovery-file", help="write the new recovery key sheet here (mode 600)")
    backup = sub.add_parser("backup", help="one encrypted backup file (opens only with the recovery key)")
    backup.add_argument("--out", help="the backup file to write")
    backup.add_argument("--org", help="the organisation to back up (a server with several: one file each)")
    p = backup.add_subparsers(dest="backup_command").add_parser(
        "verify", help="check a backup completely with KUA_RECOVERY_KEY_FILE, without touching the instance"
    )
    p.add_argument("file")
    p = sub.add_parser("restore", help="restore a backup into an empty KUA_DATA_DIR (KUA_RECOVERY_KEY_FILE)")
    p.add_argument("file")
    p.add_argument("--keyholder", required=True, help="who gets the key back, with KUA_PASSPHRASE")
    p.add_argument(
        "--erasures", help="the erasure list of the instance now (kua erase --list-out): erased again"
    )
    p = sub.add_parser("erase", help="erase a respondent's interview (consent withdrawn)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--record", help="the record id, or the 8-character number the screens show")
    what.add_argument(
        "--list-out", help="write the erasure list (keyed references) for kua restore --erasures"
    )
    odk = sub.add_parser("odk", help="ODK Collect links").add_subparsers(dest="odk_command", required=True)
    p = odk.add_parser("link", help="print a fresh Collect server URL for a person (replaces her old one)")
    p.add_argument("username")
    p.add_argument(
        "--base-url", required=True, help="the address Kua is reached at, e.g. https://kua.example.org"
    )
    p = odk.add_parser("revoke", help="end a person's Collect link")
    p.add_argument("username")
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", required=True)
    audit.add_parser("verify", help="check the hash chain; non-zero if any row was changed")
    p = audit.add_parser("list", help="who did what, when: the newest rows first")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--user", help="only this person's rows (her username)")
    p.add_argument("--action", help="only this action, e.g. interview.create")
    p.add_argument("--from", dest="date_from", help="from this day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="to this day included, YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=100, help="at most this many rows (100)")
    p.add_argument("--org", help="only this organisation's rows (a server with several)")
    return parser


def _release_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`kua release` and `kua budget` (shared/spec/releases.md)."""
    release = sub.add_parser("release", help="signed files of counts that leave the organisation")
    release_sub = release.add_subparsers(dest="release_command", required=True)
    p = release_sub.add_parser("create", help="a signed release (needs the passphrase)")
    p.add_argument("--kind", choices=["public", "network"], required=True)
    p.add_argument("--method", choices=["suppressed", "dp"])
    p.add_argument("--epsilon", type=float)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--study", type=int)
    p.add_argument("--region")
    p.add_argument("--lang", choices=LANGUAGE_CODES)
    p.add_argument("--out", required=True)
    p = release_sub.add_parser("verify", help="check a release's signature (no passphrase)")
    p.add_argument("file")
    p = release_sub.add_parser("list", help="the release ledger (needs the passphrase)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p = release_sub.add_parser("send", help="send a network release to the hub over HTTPS")
    p.add_argument("file")
    p.add_argument(
        "--hub", required=True, metavar="URL", help="the hub's address, e.g. https://hub.example.org"
    )
    budget = sub.add_parser("budget", help="the privacy budget (epsilon) of differentially private releases")
    budget_sub = budget.add_subparsers(dest="budget_command", required=True)
    p = budget_sub.add_parser("show", help="epsilon set, spent and left (needs the passphrase)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p = budget_sub.add_parser("set", help="set the epsilon of a study or of the organisation")
    p.add_argument("--epsilon", type=float, required=True)
    p.add_argument("--study", type=int)


def _network_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`kua network` (shared/spec/network.md)."""
    network = sub.add_parser("network", help="a network of organisations: its hub and its members")
    net = network.add_subparsers(dest="network_command", required=True)
    key = net.add_parser("linkage-key", help="the network's linkage key (members only; never the hub)")
    p = key.add_subparsers(dest="linkage_command", required=True).add_parser("new", help="make it, once")
    p.add_argument("--out", required=True)
    p = net.add_parser("invite", help="hub: a one-time invitation for one member")
    p.add_argument("member_name", metavar="MEMBER_NAME")
    p.add_argument("--out", required=True)
    p = net.add_parser("admit", help="hub: admit the member whose card answers an invitation")
    p.add_argument("card", metavar="CARD.json")
    p = net.add_parser("receive", help="hub: releases brought by hand (works while sealed)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = net.add_parser("members", help="hub: the members")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p = net.add_parser("tables", help="hub: the network's tables (needs the passphrase)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p = net.add_parser("report", help="hub: the network's report (needs the passphrase)")
    p.add_argument("--format", choices=REPORT_FORMATS, required=True)
    p.add_argument("--lang", choices=LANGUAGE_CODES, default="ru")
    p.add_argument("--edition", choices=["public", "internal"], default="public")
    p.add_argument("--out", required=True)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p = net.add_parser("join", help="member: join with an invitation and the network's linkage key")
    p.add_argument("invitation", metavar="INVITE.json")
    p.add_argument("--linkage-key-file", required=True)
    p.add_argument("--out", required=True)


def _user_parsers(user: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = user.add_parser("list", help="everyone in the organisation")
    p.add_argument("--format", choices=["json", "text"], default="text")
    for name, text in (("disable", "lock an account out"), ("enable", "let an account log in again"),
                       ("reset-2fa", "she enrols her authenticator again at next login")):  # fmt: skip
        user.add_parser(name, help=text).add_argument("username")
    p = user.add_parser("reset-password", help="a one-time link (24 hours) where she sets her own password")
    p.add_argument("username")
    p.add_argument("--base-url", help="Kua's address, printed before the link (https://kua.example.org)")
    p = user.add_parser("role", help="change a person's role")
    p.add_argument("username")
    p.add_argument("role", choices=Role.values)


# Which module holds each command's `cmd_<name>` function. A command's module is imported
# only when that command runs (after Django is set up), so `kua tables` loads neither the
# import nor the report renderers, and each module imports what it needs at its top.
COMMANDS: dict[str, str] = {
    "init": "kua.cli.admin",
    "user_add": "kua.cli.admin",
    "user_list": "kua.cli.people",
    "user_disable": "kua.cli.people",
    "user_enable": "kua.cli.people",
    "user_role": "kua.cli.people",
    "user_reset_2fa": "kua.cli.people",
    "user_reset_password": "kua.cli.people",
    "form_update": "kua.cli.admin",
    "seal": "kua.cli.sealing",
    "unseal": "kua.cli.sealing",
    "maintain": "kua.cli.maintain",
    "audit_verify": "kua.cli.audit",
    "audit_list": "kua.cli.audit_list",
    "serve": "kua.cli.serve",
    "demo": "kua.cli.demo",
    "demo_code": "kua.cli.demo",
    "import": "kua.cli.importing",
    "export": "kua.cli.export",
    "tables": "kua.cli.tables",
    "report": "kua.cli.report",
    "cases_import": "kua.cli.cases",
    "cases_export": "kua.cli.cases",
    "key_rotate": "kua.cli.keys",
    "backup": "kua.cli.backup",
    "backup_verify": "kua.cli.backup",
    "restore": "kua.cli.restore",
    "erase": "kua.cli.erase",
    "odk_link": "kua.cli.odk",
    "odk_revoke": "kua.cli.odk",
    "release_create": "kua.cli.releases",
    "release_verify": "kua.cli.releases",
    "release_list": "kua.cli.releases",
    "release_send": "kua.cli.network",
    "network_linkage_key_new": "kua.cli.network",
    "network_invite": "kua.cli.network",
    "network_admit": "kua.cli.network",
    "network_receive": "kua.cli.network",
    "network_members": "kua.cli.network",
    "network_tables": "kua.cli.network",
    "network_report": "kua.cli.network_report",
    "network_join": "kua.cli.network",
    "budget_show": "kua.cli.releases",
    "budget_set": "kua.cli.releases",
}

SUBCOMMANDS = ("user_command", "audit_command", "key_command", "backup_command", "cases_command",
               "form_command", "odk_command", "release_command", "budget_command", "network_command",
               "linkage_command")  # fmt: skip


def command_name(args: argparse.Namespace) -> str:
    """ "user add" -> "user_add"; the key of COMMANDS."""
    name = args.command.replace("-", "_")
    for sub in SUBCOMMANDS:
        if getattr(args, sub, None):
            name = f"{name}_{getattr(args, sub)}"
    return name.replace("-", "_")  # "user reset-2fa" -> "user_reset_2fa"


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    name = command_name(args)
    module = importlib.import_module(COMMANDS[name])
    return getattr(module, f"cmd_{name}")  # type: ignore[no-any-return]


def _activate_language() -> None:
    """The same language as the help: KUA_LANGUAGE, else LANG, else Russian."""
    translation.activate(cli_language())


def command_environment(args: argparse.Namespace) -> None:
    """What a command changes in the settings it starts with. Only the server builds the view in
    the background (no build racing a command's own work) and takes its PostgreSQL connections
    from a pool sized by its threads; a command may fork workers, and a pool's connections must
    never cross a fork, so it has none."""
    if args.command == "serve":
        os.environ["KUA_THREADS"] = str(args.threads)
        os.environ.setdefault("KUA_DATABASE_POOL", "1")
    else:
        os.environ.setdefault("KUA_ANALYTICS_BUILD_ON_UNSEAL", "0")
        os.environ["KUA_DATABASE_POOL"] = "0"


def main(argv: list[str] | None = None) -> int:
    language = cli_language()
    argparse_words(language)  # before the parsers are built (see there)
    parser = _parser()
    translate_parser(parser, language)
    args = parser.parse_args(argv)
    os.umask(0o077)  # the database, its journal and every exported file: owner only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings")
    command_environment(args)
    try:
        if args.command in ("init", "demo"):
            ensure_instance_secret()
        verifying = "verify" in (
            getattr(args, "backup_command", None),
            getattr(args, "release_command", None),
        )
        if args.command == "restore" or verifying:
            ephemeral_secret_if_none()
        django.setup()
        _collector_on()
        _activate_language()
        _clean_leftovers()
        return _handler(args)(args)
    except CommandError as error:
        print(f"kua: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`kua tables | head`): nothing to say
        return EXIT_OK
    except Exception as error:  # no traceback reaches a user
        print(f"kua: {_explain(error)}", file=sys.stderr)
        return EXIT_UNUSABLE


def _collector_on() -> None:
    """The `kua` command (run) loads Django with the collector off: what start-up loaded stays for
    the whole process, so it is frozen out of every later scan, then scans resume. A command
    called in-process (tests) finds the collector on and leaves it alone."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _clean_leftovers() -> None:
    """A backup killed part way left a clear copy of the database: removed before any work."""
    import pathlib

    from django.conf import settings

    from kua.cli.leftovers import remove_abandoned_backups

    remove_abandoned_backups(pathlib.Path(settings.DATA_DIR))


def _explain(error: Exception) -> str:
    if isinstance(error, ImproperlyConfigured):
        return str(error)
    if isinstance(error, DatabaseError):
        return (
            "cannot use the database: run `kua init` first, or check KUA_DATA_DIR "
            f"and the database settings ({type(error).__name__})"
        )
    return f"unexpected {type(error).__name__}; nothing was changed. Please report it."


def run() -> None:
    """The `kua` command (kua.start.run, `python -m kua`, `python -m kua.cli`): Django is set up
    with the collector off, and what start-up loaded is frozen before the work (_collector_on)."""
    gc.disable()
    try:
        code = main()
    finally:
        gc.enable()
    sys.exit(code)
