"""Verification codes: 125 random bits in base32, typed by hand in groups of five."""

import re
import secrets

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
LENGTH = 25
GROUP = 5
# What people mistype for the letters base32 uses (it has no 0, 1 or 8).
LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_code() -> str:
    """A fresh code, normalised (upper case, no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str | None:
    """The stored form of a typed code (any case, dashes, spaces), or None if it cannot be one."""
    code = re.sub(r"[\s\-–—_.]", "", text or "").upper().translate(LOOKALIKES)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def grouped(code: str) -> str:
    """ABCDE-FGHIJ-…: how a code is printed and put in links."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
