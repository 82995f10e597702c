"""Run in a subprocess by the backup tests: adds a second organisation (with its own keyholder,
recovery sheet, referral service, refusal and interviews) to the instance in KUA_DATA_DIR."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "kua.settings"

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from kua.accounts.roles import Role  # noqa: E402
from kua.accounts.services import organisation_create, user_create  # noqa: E402
from kua.cases.models import ReferralService  # noqa: E402
from kua.interviews.models import Refusal  # noqa: E402
from kua.interviews.services import interview_create  # noqa: E402
from kua.questionnaires.selectors import current_form  # noqa: E402
from kua.questionnaires.services import install_default_form  # noqa: E402
from kua.vault import recovery  # noqa: E402
from kua.vault.services import vault_create_with_recovery  # noqa: E402
from tests.conftest import valid_answers  # noqa: E402

CANARY = "Второй-Кенарейка"


def main(sheet: Path) -> None:
    organisation = organisation_create(name="Второй центр")
    zoe = user_create(
        organisation=organisation, username="zoe-keyholder", role=Role.COORDINATOR, password=None
    )
    _vault, key = vault_create_with_recovery(
        organisation=organisation, keyholder=zoe, passphrase="the second organisation's passphrase"
    )
    sheet.write_text(recovery.encode(key) + "\n")
    install_default_form(organisation=organisation, actor=zoe)
    with transaction.atomic():
        ReferralService.objects.create(organisation=organisation, name=CANARY, kind="aids_centre")
        Refusal.objects.create(
            organisation=organisation,
            documenter=zoe,
            refused_on=timezone.localdate(),
            district=CANARY,
            reason="other",
        )
    for _ in range(3):
        interview_create(
            actor=zoe, form_version=current_form(zoe.org_id), raw=valid_answers(), today=timezone.localdate()
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
