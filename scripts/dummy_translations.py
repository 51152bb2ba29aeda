"""
Write the Esperanto (``eo``) test catalogs of the plugin and of the dev host: every English string, visibly
marked, to find untranslated text.
"""
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALES = (ROOT / "ce_plugin" / "conf" / "locale", ROOT / "demo" / "devhost" / "locale")
ACCENTS = str.maketrans("aeiouAEIOU", "àéîøüÀÉÎØÜ")


PLACEHOLDER = re.compile(r"(%\([^)]+\)[sdf]|%[sdf]|\{[^}]*\})")


def dummy(text: str) -> str:
    """Accent the vowels outside ``{placeholders}``/``%(named)s`` and bracket the whole: ``[Ùnlîké Ît]``."""
    if not text:
        return text
    parts = PLACEHOLDER.split(text)
    return "[" + "".join(part if index % 2 else part.translate(ACCENTS) for index, part in enumerate(parts)) + "]"


def main():
    for locale, domain in ((locale, domain) for locale in LOCALES for domain in ("django", "djangojs")):
        source = locale / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            continue
        catalog = polib.pofile(str(source))
        for entry in catalog:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: dummy(entry.msgid), 1: dummy(entry.msgid_plural)}
            else:
                entry.msgstr = dummy(entry.msgid)
        catalog.metadata["Language"] = "eo"
        target = locale / "eo" / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        catalog.save(str(target / f"{domain}.po"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
