"""The quote chooser: one row per quotable text; include, order, and a text per language."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.languages import LANGUAGE_CODES
from kua.reports.quotes import ChosenQuote, QuoteSource

MAX_QUOTES = 60
WINDOW = 80  # unchosen quotes per page: with MAX_QUOTES chosen, a post stays under Django's 1000 fields


TEXT = forms.Textarea(attrs={"rows": 2})


class QuoteRowForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    include = forms.BooleanField(label=_("In the report"), required=False)
    order = forms.IntegerField(label=_("Order"), required=False, min_value=1, max_value=999)
    ru = forms.CharField(
        label="Русский", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    kk = forms.CharField(
        label="Қазақша", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    en = forms.CharField(
        label="English", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BaseQuoteFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        chosen = [f for f in self.forms if f.cleaned_data.get("include")]
        if len(chosen) > MAX_QUOTES:
            raise forms.ValidationError(
                _("Choose at most %(n)d quotes: a report reads better with fewer."), params={"n": MAX_QUOTES}
            )

    def chosen(self, known: dict[str, QuoteSource]) -> list[ChosenQuote]:
        """Included rows of known quotes, by the order given (then as listed)."""
        rows = [
            (f.cleaned_data.get("order") or 10_000, position, f.cleaned_data)
            for position, f in enumerate(self.forms)
            if f.cleaned_data.get("include") and f.cleaned_data.get("key") in known
        ]
        rows.sort(key=lambda item: (item[0], item[1]))
        return [
            ChosenQuote(data["key"], {lang: data.get(lang, "").strip() for lang in LANGUAGE_CODES})
            for _order, _position, data in rows
        ]


QuoteFormSet = cast(
    type[BaseQuoteFormSet],
    forms.formset_factory(QuoteRowForm, formset=BaseQuoteFormSet, extra=0, max_num=5000),
)


def initial_rows(
    sources: dict[str, QuoteSource], chosen: list[ChosenQuote], start: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Chosen quotes first, in their order, then WINDOW other quotable texts from `start`
    (as entered); and how many unchosen texts there are in all."""
    rows: list[dict[str, Any]] = []
    for number, item in enumerate((c for c in chosen if c.key in sources), start=1):
        rows.append({"key": item.key, "include": True, "order": number, **item.translations})
    picked = {c.key for c in chosen}
    others = [key for key in sources if key not in picked]
    rows += [{"key": key, "include": False} for key in others[start : start + WINDOW]]
    return rows, len(others)
