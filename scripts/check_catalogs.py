"""
Check that the bundled translations are complete: every message of the English source catalogs translated in
each language ``config.yaml`` lists (plugin and dev host), nothing fuzzy, every placeholder kept, and each
compiled ``.mo`` up to date with its ``.po``. Prints what is wrong; exits 1 when anything is.

``tests/test_i18n.py`` runs the same checks; ``make validate_translations`` runs this script.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_LOCALE = ROOT / "ce_plugin" / "conf" / "locale"
LOCALES = (PLUGIN_LOCALE, ROOT / "demo" / "devhost" / "locale")
DOMAINS = ("django", "djangojs")
# %(name)s, %s, %d ... and {name} / {name:format}: what a translation must keep, in any order.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfr]|%[sdfr]|\{[A-Za-z_][A-Za-z0-9_]*(?::[^}]*)?\}")


def languages() -> list[str]:
    """The translated languages ``config.yaml`` lists (``locales``, the English source left out)."""
    config = yaml.safe_load((PLUGIN_LOCALE / "config.yaml").read_text(encoding="utf-8"))
    return [language for language in config["locales"] if language != "en"]


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text or ""))


def _translations(entry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural.get(i, "") for i in sorted(
        entry.msgstr_plural)]


def problems_of(source: Path, catalog: Path) -> list[str]:
    """What is missing or wrong in ``catalog`` against the English ``source`` catalog."""
    if not catalog.exists():
        return [f"{catalog.relative_to(ROOT)} is missing"]
    found, wanted = [], polib.pofile(str(source))
    translated = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(catalog)) if not e.obsolete}
    name = catalog.relative_to(ROOT)
    for entry in wanted:
        theirs = translated.get((entry.msgctxt, entry.msgid))
        label = f"{name}: {entry.msgid[:60]!r}"
        if theirs is None:
            found.append(f"{label} is missing")
        elif "fuzzy" in theirs.flags:
            found.append(f"{label} is fuzzy")
        elif not all(_translations(theirs)) or (entry.msgid_plural and len(theirs.msgstr_plural) < 2):
            found.append(f"{label} is not translated")
        elif any(_placeholders(text) != _placeholders(entry.msgid) for text in _translations(theirs)) \
                and not entry.msgid_plural:
            found.append(f"{label} changes its placeholders")
        elif entry.msgid_plural and _placeholders(_translations(theirs)[-1]) != _placeholders(entry.msgid_plural):
            found.append(f"{label} changes the placeholders of its plural")
    compiled = catalog.with_suffix(".mo")
    if not compiled.exists():
        found.append(f"{compiled.relative_to(ROOT)} is missing: run make compile_translations")
    else:
        current = {(e.msgctxt, e.msgid): _translations(e) for e in polib.pofile(str(catalog))
                   if e.translated() and not e.obsolete}
        shipped = {(e.msgctxt, e.msgid): _translations(e) for e in polib.mofile(str(compiled)) if e.msgid}
        if current != shipped:
            found.append(f"{compiled.relative_to(ROOT)} is older than its .po: run make compile_translations")
    return found


def all_problems() -> list[str]:
    found = []
    for locale in LOCALES:
        for domain in DOMAINS:
            source = locale / "en" / "LC_MESSAGES" / f"{domain}.po"
            if source.exists() and len(polib.pofile(str(source))):
                for language in languages():
                    found.extend(problems_of(source, locale / language / "LC_MESSAGES" / f"{domain}.po"))
    return found


def main() -> int:
    found = all_problems()
    for problem in found:
        print(problem)
    print(f"{len(found)} problems" if found else f"catalogs complete: {', '.join(languages())}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
