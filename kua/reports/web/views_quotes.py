"""The coordinator chooses, orders and translates the report's quotes (needs the vault open)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.reports.quotes import chosen_quotes, quotes_for_choosing
from kua.reports.services import quote_selection_save
from kua.reports.web.quote_forms import MAX_QUOTES, WINDOW, BaseQuoteFormSet, QuoteFormSet, initial_rows
from kua.web.types import AuthedRequest


@login_required
@require_http_methods(["GET", "POST"])
def report_quotes(request: AuthedRequest) -> HttpResponse:
    if not policy.may_choose_quotes(request.user):
        raise Http404()
    organisation_id = request.user.org_id
    sources = quotes_for_choosing(actor=request.user)  # VaultSealed → the sealed page
    start = _start(request.GET.get("start", ""))
    rows, others = initial_rows(sources, chosen_quotes(organisation_id), start)
    formset: BaseQuoteFormSet = QuoteFormSet(request.POST or None, initial=rows, prefix="q")
    if request.method == "POST" and formset.is_valid():
        chosen = formset.chosen(sources)
        quote_selection_save(actor=request.user, quotes=chosen)
        messages.success(request, _("Saved: %(n)d quotes in the report.") % {"n": len(chosen)})
        return redirect(f"{reverse('report_quotes')}?start={start}" if start else reverse("report_quotes"))
    shown = [(form, sources.get(str(form["key"].value()))) for form in formset.forms]
    context = {
        "formset": formset,
        "rows": [(f, s) for f, s in shown if s],
        "max_quotes": MAX_QUOTES,
        "pages": [(i, i // WINDOW + 1) for i in range(0, others, WINDOW)] if others > WINDOW else [],
        "start": start,
    }
    refused = request.method == "POST"  # a valid post was saved and redirected above
    return render(request, "reports/quotes.html", context, status=400 if refused else 200)


def _start(text: str) -> int:
    """Where the page of unchosen quotes begins (0 for anything that is not a whole number)."""
    return int(text) if text.isdigit() else 0
