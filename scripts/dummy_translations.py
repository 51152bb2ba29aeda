"""Write the Esperanto (``eo``) test catalogs: every English string, visibly marked, to find untranslated text."""
import re
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
ACCENTS = str.maketrans("aeiouAEIOU", "àéîøüÀÉÎØÜ")


PLACEHOLDER = re.compile(r"(%\([^)]+\)[sdf]|%[sdf]|\{[^}]*\})")


def dummy(text: str) -> str:
    """Accent the vowels outside ``{placeholders}``/``%(named)s`` and bracket the whole: ``[Ùnlîké Ît]``."""
    if not text:
        return text
    parts = PLACEHOLDER.split(text)
    return "[" + "".join(part if index % 2 else part.translate(ACCENTS) for index, part in enumerate(parts)) + "]"


def main():
    for domain in ("django", "djangojs"):
        source = LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            continue
        catalog = polib.pofile(str(source))
        for entry in catalog:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: dummy(entry.msgid), 1: dummy(entry.msgid_plural)}
            else:
                entry.msgstr = dummy(entry.msgid)
        catalog.metadata["Language"] = "eo"
        target = LOCALE / "eo" / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        catalog.save(str(target / f"{domain}.po"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
