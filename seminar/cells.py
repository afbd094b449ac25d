"""One rule for every cell an export writes: a spreadsheet never receives a formula."""

import re

# A value starting with one of these is a formula (or becomes one) when a spreadsheet opens it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (an .xlsx is XML): they would stop the export.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def safe_cell(value) -> str:
    """The value as text a spreadsheet shows as typed: a leading apostrophe before a formula
    start (Excel's own mark for text; imports drop it again), and no character XML refuses."""
    text = NOT_XML.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text
