"""What a release would let out, shown before it is made. A DP preview shows no number at
all (a noised preview would be a free query): only ε, the error, and the budget left."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.store import view_for
from kua.releases import dp, fileformat
from kua.releases.models import Budget
from kua.releases.scope import Scope, filters_for
from kua.releases.services import release_body
from kua.releases.tables import exact_tables, sensitivity


@dataclass(frozen=True)
class Preview:
    method: str
    tables: dict[str, Any] | None  # suppressed: the cells that would leave
    epsilon: float | None = None
    half_width: int | None = None
    left: float | None = None


def release_preview(*, actor: User, method: str, epsilon: float | None, scope: Scope) -> Preview:
    """Raises PermissionDenied, VaultSealed, UnknownStudy. Writes nothing."""
    if not policy.may_publish_release(actor):
        raise PermissionDenied()
    if method == fileformat.SUPPRESSED:
        body = release_body(actor=actor, method=method, epsilon=None, scope=scope)
        return Preview(method, body["tables"])
    exact = exact_tables(view_for(actor.org_id), filters_for(actor.org_id, scope))
    width = dp.half_width(sensitivity(exact) / float(epsilon or 1.0))
    budget = Budget.objects.filter(organisation_id=actor.org_id, study_id=scope.study).first()
    left = max(0.0, budget.epsilon - budget.spent) if budget else 0.0
    return Preview(method, None, epsilon, width, left)
