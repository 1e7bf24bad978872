"""Parameters as the Saliency Workbench language binds them: `%set NAME = VALUE`, where VALUE is a number,
quoted text with JSON's escapes, true, false, none or a flat list of those (see `%help set` in the kernel),
and `#` starts a comment. Papermill's other translators (R, Julia, bash) write their language's own
assignment the same way."""
import json
import math
import re

from papermill.exceptions import PapermillException
from papermill.models import Parameter
from papermill.translators import Translator

# The kernelspec's "language" field, which papermill looks translators up by.
LANGUAGE = "saliency"

# One binding of a parameters cell, its comment taken off: `%set NAME = VALUE`.
_BINDING = re.compile(r"^\s*%set\s+(?P<name>[^\W\d]\w*)\s*=\s*(?P<value>.*?)\s*$")


class SaliencyTranslator(Translator):
    @classmethod
    def translate_str(cls, val):
        # JSON's escapes are the language's. Everything beyond ASCII is escaped too: a text starting with a
        # combining mark would otherwise join the opening quote into one character for any reader of the line.
        return json.dumps(val)

    @classmethod
    def translate_none(cls, val):
        return "none"

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_float(cls, val):
        if not math.isfinite(val):
            raise PapermillException(f"a saliency parameter is a finite number, not {val}")
        return repr(val)

    @classmethod
    def translate_list(cls, val):
        for item in val:
            if item is None or isinstance(item, (list, dict)):
                raise PapermillException(
                    f"a saliency list holds numbers, text and booleans, not {type(item).__name__}: {val!r}")
        return "[" + ", ".join(cls.translate(item) for item in val) + "]"

    @classmethod
    def translate_dict(cls, val):
        raise PapermillException(f"the saliency language has no dictionaries; pass each entry as its own parameter: {val!r}")

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        return f"%set {name} = {str_val}"

    @classmethod
    def inspect(cls, parameters_cell):
        """The `%set NAME = VALUE  # help` lines of a parameters cell, for `papermill --help-notebook`."""
        parameters = []
        for line in parameters_cell.source.splitlines():
            code, comment = _split_comment(line)
            match = _BINDING.match(code)
            if match:
                parameters.append(Parameter(name=match["name"], inferred_type_name=_type_name(match["value"]),
                                            default=match["value"], help=comment))
        return parameters


def _split_comment(line):
    """The line's code and its comment: `#` at the start or after whitespace, outside quotes, as the kernel reads it."""
    quote, previous, escaped = None, " ", False
    for index, character in enumerate(line):
        if escaped:
            escaped = False
        elif character == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = None if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character == "#" and previous.isspace():
            return line[:index], line[index + 1:].strip()
        previous = character
    return line, ""


def _type_name(value):
    """The type papermill shows for a literal, "None" when it cannot tell (as papermill asks)."""
    if value.startswith(("'", '"')):
        return "str"
    if value in ("true", "false"):
        return "bool"
    if value == "none":
        return "NoneType"
    if value.startswith("["):
        return "list"
    try:
        return "int" if re.fullmatch(r"[+-]?\d+", value) else type(float(value)).__name__
    except ValueError:
        return "None"
