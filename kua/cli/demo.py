"""`kua demo`: a demo organisation, its people, and synthetic interviews.

Demo logins are printed and kept in KUA_DATA_DIR/demo-credentials.txt (mode 600), with the path
of the recovery key sheet (KUA_DATA_DIR/demo-recovery-sheet.txt, mode 600), so a
second `make run` can print them again. A real instance is made with `kua init`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.services import organisation_create, user_create
from kua.cases.models import ReferralService
from kua.cases.services import referral_service_save
from kua.cli import EXIT_OK, CommandError
from kua.cli.instance import data_dir, migrate
from kua.cli.keys import write_private_file
from kua.demo import generate_answers
from kua.interviews.services import BatchRow, interviews_store_batch, refusal_create
from kua.questionnaires.selectors import current_form
from kua.questionnaires.services import install_default_form
from kua.studies.services import study_save, study_site_add
from kua.vault import recovery
from kua.vault.services import vault_create_with_recovery

DEMO_ORG = "«Шапагат» — демо / demo"
PEOPLE = [
    ("alice", Role.COORDINATOR, "Алия"),
    ("bob", Role.DOCUMENTER, "Бота"),
    ("dana", Role.DOCUMENTER, "Дана"),
    ("sara", Role.DOCUMENTER, "Сауле"),
    ("lena", Role.LAWYER, "Лена"),
    ("ana", Role.ANALYST, "Ана"),
]


def _credentials_file() -> Path:
    return data_dir() / "demo-credentials.txt"


def _recovery_file() -> Path:
    return data_dir() / "demo-recovery-sheet.txt"


def run_demo(*, interviews: int, reuse: bool) -> None:
    organisation = Organisation.objects.filter(is_demo=True).first()
    if organisation is None:
        if Organisation.objects.exists():
            raise CommandError("this instance is not a demo; use another KUA_DATA_DIR")
        organisation = _create_demo()
        _add_interviews(organisation, interviews)
    elif not reuse:
        _add_interviews(organisation, interviews)
    print(_credentials_file().read_text(encoding="utf-8"), end="")


def _create_demo() -> Organisation:
    password = os.environ.get("KUA_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    passphrase = os.environ.get("KUA_PASSPHRASE") or "-".join(secrets.token_hex(3) for _ in range(4))
    with transaction.atomic():
        organisation = organisation_create(name=DEMO_ORG)
        organisation.is_demo = True
        organisation.save(update_fields=["is_demo"])
        users = {
            name: user_create(
                organisation=organisation, username=name, role=role, password=password, first_name=first
            )
            for name, role, first in PEOPLE
        }
        for name in ("alice", "lena"):
            TOTPDevice.objects.create(user=users[name], name="demo", confirmed=True)
        _vault, key = vault_create_with_recovery(
            organisation=organisation, keyholder=users["alice"], passphrase=passphrase
        )
        install_default_form(organisation=organisation, actor=users["alice"])
        _create_study(users, timezone.localdate())
        _create_directory(users["alice"])
    # The recovery sheet, as `kua init --recovery-file` writes it: the restore drill of
    # docs/operations.md works on the demo as written (the key itself is never printed).
    write_private_file(_recovery_file(), recovery.sheet(key, organisation=DEMO_ORG, made_at=timezone.now()))
    _write_credentials(password, passphrase)
    return organisation


# The model study: five districts of Zhetysu, saunas, hotels and apartments mapped beforehand,
# three documenters with 20 respondents each, two months of fieldwork ending today.
STUDY_DISTRICTS = ("taldykorgan", "tekeli", "eskeldi", "karatal", "alakol")
STUDY_SITES = (
    ("С-1", "sauna", "taldykorgan"), ("С-2", "sauna", "taldykorgan"), ("С-3", "sauna", "tekeli"),
    ("С-4", "sauna", "karatal"), ("Г-1", "hotel", "taldykorgan"), ("Г-2", "hotel", "eskeldi"),
    ("Г-3", "hotel", "alakol"), ("К-1", "apartment", "taldykorgan"), ("К-2", "apartment", "taldykorgan"),
    ("К-3", "apartment", "tekeli"), ("К-4", "apartment", "eskeldi"), ("К-5", "apartment", "alakol"),
)  # fmt: skip
STUDY_REFUSALS = (  # (documenter, days before today, reason, district, venue, migrant)
    ("bob", 55, "fear_police", "taldykorgan", "sauna", True),
    ("bob", 41, "no_time", "taldykorgan", "hotel", False),
    ("bob", 12, "fear_disclosure", "tekeli", "sauna", None),
    ("dana", 50, "distrust", "eskeldi", "apartment", False),
    ("dana", 33, "fear_police", "eskeldi", "hotel", True),
    ("dana", 8, "not_interested", "karatal", "sauna", False),
    ("sara", 47, "fear_police", "alakol", "apartment", True),
    ("sara", 20, "no_time", "taldykorgan", "apartment", False),
    ("sara", 3, "other", "alakol", "hotel", None),
)
FIELDWORK_DAYS = 60


# A few services per district of the model study, so the referral picker has something to show.
# Invented names, marked as the demo's: real services are entered by the coordinator.
DEMO_DIRECTORY = (
    ("Центр СПИД (демо)", "aids_centre", "taldykorgan", "ул. Примерная, 1", "+7 700 000 00 01"),
    ("Кризисный центр «Демо-Умит»", "shelter", "taldykorgan", "адрес по телефону", "+7 700 000 00 02"),
    ("Юридическая клиника (демо)", "legal_aid", "taldykorgan", "ул. Образцовая, 5", "+7 700 000 00 03"),
    ("Дружественный кабинет (демо)", "friendly_clinic", "tekeli", "поликлиника, каб. 12", "+7 700 000 00 04"),
    ("Психолог НПО (демо)", "psychologist", "tekeli", "по записи", "+7 700 000 00 05"),
    ("Пункт снижения вреда (демо)", "harm_reduction", "eskeldi", "ул. Учебная, 3", "+7 700 000 00 06"),
    ("Юрист на выезде (демо)", "legal_aid", "eskeldi", "по телефону", "+7 700 000 00 07"),
    ("Центр СПИД, филиал (демо)", "aids_centre", "karatal", "г. Уштобе, ул. Тестовая, 2", "+7 700 000 00 08"),
    ("Приют (демо)", "shelter", "karatal", "адрес по телефону", "+7 700 000 00 09"),
    ("Противотуберкулёзный диспансер (демо)", "tb_service", "alakol", "ул. Пробная, 7", "+7 700 000 00 10"),
    ("Горячая линия против торговли людьми (демо)", "anti_trafficking", "", "", "+7 700 000 00 11"),
)


def _create_directory(coordinator: User) -> None:
    for name, kind, district, address, phone in DEMO_DIRECTORY:
        service = ReferralService(name=name, kind=kind, district=district, address=address, phone=phone)
        referral_service_save(actor=coordinator, service=service)


def _create_study(users: dict[str, User], today: datetime.date) -> None:
    coordinator = users["alice"]
    documenters = [u for u in users.values() if u.role == Role.DOCUMENTER]
    study = study_save(
        actor=coordinator,
        name="Нарушения прав секс-работниц в Жетысуской области / demo",
        starts_on=today - datetime.timedelta(days=FIELDWORK_DAYS - 1),
        ends_on=today,
        districts=list(STUDY_DISTRICTS),
        targets={u.pk: 20 for u in documenters},
    )
    for label, venue, district in STUDY_SITES:
        study_site_add(actor=coordinator, study=study, label=label, venue=venue, district=district)
    for name, days, reason, district, venue, migrant in STUDY_REFUSALS:
        refused_on = today - datetime.timedelta(days=days)
        refusal_create(
            actor=users[name],
            refused_on=refused_on,
            reason=reason,
            district=district,
            venue=venue,
            migrant=migrant,
        )


def _write_credentials(password: str, passphrase: str) -> None:
    lines = [
        "Kua demo (synthetic data only)",
        "  logins: alice (coordinator, keyholder), bob, dana and sara (documenters),",
        "          lena (lawyer), ana (analyst)",
        f"  password for each: {password}",
        f"  vault passphrase (alice): {passphrase}",
        "  alice and lena confirm a second step at login: get the current code with",
        "    make demo-code WHO=alice",
        f"  recovery key sheet (mode 600, for the restore drill of docs/operations.md): {_recovery_file()}",
        "",
    ]
    path = _credentials_file()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


def _add_interviews(organisation: Organisation, count: int) -> None:
    if count <= 0:
        return
    documenters = list(User.objects.filter(organisation=organisation, role=Role.DOCUMENTER).order_by("pk"))
    coordinator = User.objects.filter(organisation=organisation, role=Role.COORDINATOR).order_by("pk").first()
    today = timezone.localdate()
    rows = (
        BatchRow(raw, documenters[i % len(documenters)])
        for i, raw in enumerate(generate_answers(count, seed=secrets.randbits(32), today=today))
    )
    result = interviews_store_batch(
        actor=coordinator,  # type: ignore[arg-type]
        form_version=current_form(organisation.pk),
        rows=rows,
        today=today,
        via="demo",
        workers=os.cpu_count() or 1,
    )
    print(f"Added {result.stored} synthetic interviews ({len(result.rejected)} rejected).")


def current_code(username: str) -> str:
    """The current two-factor code of a demo user (demo organisations only)."""
    device = TOTPDevice.objects.filter(
        user__username=username, user__organisation__is_demo=True, confirmed=True
    ).first()
    if device is None:
        raise CommandError("no demo user with a two-factor device by that name")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def cmd_demo(args: argparse.Namespace) -> int:
    migrate()
    run_demo(interviews=args.interviews, reuse=args.reuse)
    return EXIT_OK


def cmd_demo_code(args: argparse.Namespace) -> int:
    print(current_code(args.username))
    return EXIT_OK
