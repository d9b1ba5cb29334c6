"""Checks shared by the page tests."""

import re
from html import unescape

from accounts.models import User
from alerts.models import Alert
from projects.models import BudgetSummary, ContratMaintenance, LigneBudget, Phase, Priorite, Statut, Tache


def assert_no_inline_code(html):
    """The CSP allows no inline script, style or event handler."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html, "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def visible_text(html):
    """What a reader sees: no tags, no attributes, no scripts."""
    html = re.sub(r"<(script|style|noscript)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


# Every stored code of a choice: none may reach a page's text, in either language.
RAW_CODES = sorted(
    {BudgetSummary.ATTENTION, BudgetSummary.CRITIQUE, BudgetSummary.DEPASSE}
    | set(Statut.values) | set(Priorite.values) | set(Phase.Statut.values) | set(Phase.Type.values)
    | set(Tache.Statut.values) | set(ContratMaintenance.Type.values) | set(LigneBudget.Type.values)
    | set(Alert.Type.values) | set(Alert.Level.values) | set(User.Role.values)
)


def assert_no_raw_codes(html):
    text = visible_text(html)
    found = [code for code in RAW_CODES if re.search(rf"(?<![\w-]){code}(?![\w-])", text)]
    assert not found, f"raw codes in the page text: {found}"
