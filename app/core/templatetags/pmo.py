"""Template helpers of the portfolio pages: amounts with their currency, sortable
column headers and links that keep the list's filters."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext as _

register = template.Library()

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}
NBSP = "\xa0"


@register.filter
def money(value, currency="EUR"):
    """120 000,00 € in French, €120,000.00 in English; an unknown currency by its ISO code.

    Grouping and separators are Django's formats for the active language (French
    groups with a non-breaking space, so an amount never wraps)."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    code = (currency or "").upper()
    symbol = SYMBOLS.get(code, code)
    number = formats.number_format(abs(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    sign = "-" if amount < 0 else ""
    if (get_language() or "").startswith("en"):
        # A sign (€, $, £) sticks to the number; a code (CHF, JPY) is separated.
        return f"{sign}{symbol}{NBSP if len(symbol) > 1 else ''}{number}"
    return f"{sign}{number}{NBSP}{symbol}"


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with some parameters changed (None or "" removes one):
    pagination and sorting keep the search and the filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_header(context, key, label, param="tri"):
    """A column header that sorts by `key`, ascending first, descending on a second click."""
    current = context["request"].GET.get(param, "")
    descending = current == f"-{key}"
    active = current in (key, f"-{key}")
    target = key if descending or not active else f"-{key}"
    params = context["request"].GET.copy()
    params[param] = target
    params.pop("page", None)
    if not active:
        return format_html('<a class="sort" href="?{}">{}</a>', params.urlencode(), label)
    direction = "descending" if descending else "ascending"
    arrow = "▼" if descending else "▲"
    return format_html('<a class="sort sort-active" href="?{}" data-sort="{}">{} <span aria-hidden="true">{}</span></a>',
                       params.urlencode(), direction, label, arrow)


@register.filter
def bar(value):
    """The width class of a percentage bar (w-0 ... w-100, steps of 5): the CSP forbids style attributes."""
    try:
        percent = float(value)
    except (TypeError, ValueError):
        return "w-0"
    return f"w-{min(100, max(0, int(percent // 5) * 5))}"


# Rendered in Python rather than by included templates: they are on every row of the
# lists, where an {% include %} costs more than the rest of the row.

@register.simple_tag
def budget_cell(budget):
    """The budget used: a bar, the percentage and the status's label, in its colour."""
    return format_html(
        '<span class="budget budget-{level}" title="{label}"><span class="meter" aria-hidden="true">'
        '<span class="meter-fill {width}"></span></span> <span class="budget-pct">{percent}\xa0%</span> '
        '<span class="badge badge-{level}">{label}</span></span>',
        level=budget.level, label=budget.label, width=bar(budget.percent),
        percent=formats.number_format(budget.percent, decimal_pos=1),
    )


@register.simple_tag
def risk_badges(risk):
    """What is wrong with a project, as badges; "No risk" when nothing is (the budget has its own cell)."""
    if risk.badges:
        return format_html_join(" ", '<span class="badge badge-{}">{}</span>', ((b.level, b.label) for b in risk.badges))
    if risk.budget.level == "ok" or not risk.open:
        return format_html('<span class="badge badge-ok">{}</span>', _("Aucun risque"))
    return format_html('<span class="muted">{}</span>', "—")


_LABELS = {}


@register.filter
def display(obj, field_name):
    """obj.get_<field>_display(), cheaper: Django rebuilds the whole choice list on each call,
    hashing (so translating) every label; on a list of 50 rows that is a thousand translations."""
    key = (obj._meta.label, field_name)
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = dict(obj._meta.get_field(field_name).flatchoices)
    value = getattr(obj, field_name)
    return labels.get(value, value)
