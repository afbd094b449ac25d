"""Text as it enters the app: one normal form, no control characters, lengths that fit."""

import re
import unicodedata
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.utils import cached_property

# C0 and C1 controls except newline (kept in multi-line fields), and the two non-characters
# XML refuses: they break XLSX exports, PDFs and (NUL) PostgreSQL text, and nobody types them.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(value: str) -> str:
    """NFC, line ends as \\n, tabs as spaces, control characters dropped."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return CONTROL.sub("", value)


def bounded(value: str, length: int) -> str:
    """Cut to a column's length, marking the cut."""
    return value if len(value) <= length else value[: length - 1] + "…"


class CleanRequest(Request):
    """Every form field and query parameter arrives cleaned, whatever view or form reads it."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and not isinstance(form, _Cleaned):
            self.__dict__["form"] = _Cleaned(
                (key, clean(value)) for key, value in form.items(multi=True)
            )

    @cached_property
    def args(self):
        query = self.query_string.decode("utf-8", "replace")
        return _Cleaned((k, clean(v)) for k, v in parse_qsl(query, keep_blank_values=True))


class _Cleaned(Request.parameter_storage_class):
    pass
