"""Dutch number words for whole numbers ("honderdeenendertig"), following the Taalunie's spelling.

Numbers up to a thousand are written as one word; after "duizend" and
"miljoen" comes a space ("tweeduizend vierhonderd"). A unit joined to a ten
with "en" takes a diaeresis after an e ("tweeëntwintig"). Standing alone, 1 is
written "één" so it cannot be read as the article; inside a compound it is
"een" ("honderdeen", "eenentwintig"). With ``soft_hyphens`` the long words get
U+00AD at their seams ("honderd\u00addrieën\u00adtwintig"), so a narrow screen can break
them as Dutch does, never inside "ën".
"""

from __future__ import annotations

UNITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
         "tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien")
TENS = ("", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
LIMIT = 1_000_000_000
SOFT_HYPHEN = "\u00ad"


def _below_hundred(n: int, seam: str) -> str:
    """Words for 1 to 99 as part of a larger word, with ``seam`` between unit and ten."""
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return TENS[tens]
    joiner = "ën" if UNITS[unit].endswith("e") else "en"
    return f"{UNITS[unit]}{joiner}{seam}{TENS[tens]}"


def _below_thousand(n: int, seam: str) -> str:
    """Words for 1 to 999 as one word ("honderdeenendertig", "tweehonderd")."""
    hundreds, rest = divmod(n, 100)
    head = "" if hundreds == 0 else ("honderd" if hundreds == 1 else f"{UNITS[hundreds]}{seam}honderd")
    if not rest:
        return head
    return head + (seam if head else "") + _below_hundred(rest, seam)


def dutch_words(n: int, soft_hyphens: bool = False) -> str:
    """Write the whole number ``n`` (0 to 999.999.999) in Dutch words, optionally with soft hyphens."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if not 0 <= n < LIMIT:
        raise ValueError(f"{n} is outside the supported range 0 to {LIMIT - 1}")
    if n == 0:
        return UNITS[0]
    if n == 1:
        return "één"
    seam = SOFT_HYPHEN if soft_hyphens else ""
    millions, rest = divmod(n, 1_000_000)
    thousands, ones = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(f"{'een' if millions == 1 else _below_thousand(millions, seam)} miljoen")
    if thousands:
        parts.append("duizend" if thousands == 1 else f"{_below_thousand(thousands, seam)}{seam}duizend")
    if ones:
        parts.append(_below_thousand(ones, seam))
    return " ".join(parts)
