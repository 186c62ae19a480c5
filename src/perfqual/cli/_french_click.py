"""French text for what typer/click print by themselves (usage errors, help headings).

Typer and click write their own messages in English: "Usage:", "Error: Missing argument",
"Invalid value for '--taux': …", "[default: …]". perfqual's users read French, so these texts
are translated here, in two ways that cover the typer versions perfqual accepts:

- modules that call gettext's ``_`` (``typer.core``; standalone ``click``) get a ``_`` that
  looks the English message up in :data:`MESSAGES_FR`;
- the usage errors of the click copy vendored by recent typer versions are hard-coded
  f-strings: :func:`translate_usage_error` rewrites them with :data:`PATTERNS_FR` when shown.

In ``--help``, numeric defaults are written with a decimal comma (``[défaut : 0,05]``) and
typer's type placeholders are French words (``<nombre>``, ``<chemin>``…, see
:data:`TYPE_LABELS_FR`).

An English message not listed is printed unchanged (never hidden).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

#: gettext message ids of typer/click -> French.
MESSAGES_FR: dict[str, str] = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Arguments": "Arguments",
    "Commands": "Commandes",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "(dynamic)": "(dynamique)",
    "env var: {var}": "variable d'environnement : {var}",
    "Aborted!": "Interrompu.",
    "Missing command.": "commande manquante",
    "No such command {name!r}.": "commande inconnue « {name} »",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Error: {message}": "Erreur de saisie : {message}",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "No such option: {name}": "Option inconnue : {name}",
    "Got unexpected extra argument ({args})": "Argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop : {args}",
    "{value!r} is not a valid float.": "« {value} » n'est pas un nombre.",
    "{value!r} is not a valid integer.": "« {value} » n'est pas un nombre entier.",
    "{name} {filename!r} does not exist.": "« {filename} » introuvable.",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier (un dossier est attendu).",
    "{name} {filename!r} is a directory.":
        "« {filename} » est un dossier (un fichier est attendu).",
    "{name} {filename!r} is not readable.": "« {filename} » illisible (droits insuffisants).",
    "{name} {filename!r} is not writable.":
        "« {filename} » non modifiable (droits insuffisants).",
}

#: typer's help placeholders ``<float>``, ``<path>``… -> French words (choices stay as they are).
TYPE_LABELS_FR: dict[str, str] = {
    "float": "nombre",
    "int": "entier",
    "integer": "entier",
    "str": "texte",
    "text": "texte",
    "path": "chemin",
    "file": "fichier",
    "dir": "dossier",
    "directory": "dossier",
    "bool": "oui/non",
    "boolean": "oui/non",
    "float range": "nombre",
    "int range": "entier",
    "integer range": "entier",
    "datetime": "date",
}

#: Pieces of typer's usage line -> French ("[OPTIONS]" reads the same in French).
USAGE_PIECES_FR: dict[str, str] = {"COMMAND [ARGS]...": "COMMANDE [ARGUMENTS]..."}

_FLOAT_LITERAL = re.compile(r"^-?\d+\.\d+(?:[eE][-+]?\d+)?$")


def french_default(text: str) -> str:
    """Default value as shown in ``--help``: decimal comma for numbers, other text unchanged.

    A list of numbers (typer joins them with ", ") is separated with " ; ".

    Examples
    --------
    >>> french_default("0.05")
    '0,05'
    >>> french_default("0.5, 1.5")
    '0,5 ; 1,5'
    >>> french_default("operation.yaml")
    'operation.yaml'
    """
    parts = text.split(", ")
    if all(_FLOAT_LITERAL.match(p) or p.lstrip("-").isdigit() for p in parts):
        return " ; ".join(p.replace(".", ",") for p in parts)
    return text


def french_type_label(label: str) -> str:
    """French help placeholder for a typer one (``<float>`` -> ``<nombre>``; others unchanged).

    Examples
    --------
    >>> french_type_label("<list[str]>")
    '<liste>'
    >>> french_type_label("<max|somme>")
    '<max|somme>'
    """
    m = re.fullmatch(r"<(.*)>", label or "")
    if m is None:
        return label
    inner = m[1]
    if inner.startswith("list["):
        return "<liste>"
    return f"<{TYPE_LABELS_FR.get(inner, inner)}>"


def count_fr(n: int, word: str, plural: str | None = None, zero: str | None = "aucun") -> str:
    """``n`` and the word agreeing with it, the French way: singular for 0 and 1.

    ``zero`` replaces the number 0 (``"aucun"``, ``"aucune"``); ``None`` writes ``0``.

    Examples
    --------
    >>> count_fr(1, "mesuré")
    '1 mesuré'
    >>> count_fr(3, "non conforme")
    '3 non conformes'
    >>> count_fr(0, "non conforme")
    'aucun non conforme'
    >>> count_fr(0, "logement", zero=None)
    '0 logement'
    """
    if n == 0 and zero is not None:
        return f"{zero} {word}"
    return f"{n} {word if abs(n) <= 1 else (plural or word + 's')}"


def french_range(text: str) -> str:
    """Range shown by typer in ``--help`` with French signs and decimal commas.

    Examples
    --------
    >>> french_range("1<=x<=5")
    '1 ≤ x ≤ 5'
    >>> french_range("x>0.5")
    'x > 0,5'
    """
    out = re.sub(r"(?<=\d)\.(?=\d)", ",", text)
    for ascii_sign, sign in (("<=", "≤"), (">=", "≥"), ("<", "<"), (">", ">")):
        out = re.sub(rf"\s*(?<![<>]){ascii_sign}(?!=)\s*", f" {sign} ", out)
    return out


class _DefaultTemplate(str):
    """``"défaut : {default}"`` whose ``format`` writes numeric defaults the French way."""

    __slots__ = ()

    def format(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - str.format's signature
        if isinstance(kwargs.get("default"), str):
            kwargs["default"] = french_default(kwargs["default"])
        return str.format(self, *args, **kwargs)


_INNER: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:Value error, )?(« .* » n'est pas un nombre)$"), r"\1"),
    (re.compile(r"^\w+ '(.+)' does not exist\.$"), r"« \1 » introuvable"),
    (re.compile(r"^\w+ '(.+)' is a directory\.$"),
     r"« \1 » est un dossier (un fichier est attendu)"),
    (re.compile(r"^\w+ '(.+)' is a file\.$"), r"« \1 » est un fichier (un dossier est attendu)"),
    (re.compile(r"^\w+ '(.+)' is not readable\.$"), r"« \1 » illisible (droits insuffisants)"),
    (re.compile(r"^\w+ '(.+)' is not writable\.$"),
     r"« \1 » non modifiable (droits insuffisants)"),
    (re.compile(r"^(?:Value error, )?'(.*)' is not one of (.+)\.$"),
     r"« \1 » n'est pas une valeur admise (valeurs : \2)"),
    (re.compile(r"^Input should be a valid number.*$"), "nombre attendu"),
    (re.compile(r"^Input should be a valid integer.*$"), "nombre entier attendu"),
    (re.compile(r"^Input should be less than or equal to (.+)$"),
     r"doit être inférieur ou égal à \1"),
    (re.compile(r"^Input should be greater than or equal to (.+)$"),
     r"doit être supérieur ou égal à \1"),
    (re.compile(r"^Input should be less than (.+)$"), r"doit être inférieur à \1"),
    (re.compile(r"^Input should be greater than (.+)$"), r"doit être supérieur à \1"),
    (re.compile(r"^'?(.+?)'? is not a valid float\.$"), r"« \1 » n'est pas un nombre"),
    (re.compile(r"^'?(.+?)'? is not a valid integer\.$"), r"« \1 » n'est pas un nombre entier"),
]

#: Whole usage-error messages of the vendored click -> French (applied in order).
PATTERNS_FR: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Missing argument '(.+)'\.?$"), lambda m: f"argument manquant « {m[1]} »"),
    (re.compile(r"^Missing option '(.+)'\.?(.*)$"), lambda m: f"option manquante « {m[1]} »"),
    (re.compile(r"^No such option: (\S+)(?: \(Possible options: (.+)\))?$"),
     lambda m: f"option inconnue « {m[1]} »" + (f" (options proches : {m[2]})" if m[2] else "")),
    (re.compile(r"^No such command '(.+)'\.(?: Did you mean (.+)\?)?$"),
     lambda m: f"commande inconnue « {m[1]} »"
     + (f" (voulez-vous dire {m[2].replace(', ', ' ou ')} ?)" if m[2] else "")),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$"),
     lambda m: f"argument(s) en trop : {m[1]}"),
    (re.compile(r"^Invalid value for (.+?): (.*)$", re.S),
     lambda m: f"valeur invalide pour {m[1]} : {_inner(m[2])}"),
    (re.compile(r"^Invalid value: (.*)$", re.S), lambda m: f"valeur invalide : {_inner(m[1])}"),
    (re.compile(r"^Missing command\.$"), lambda m: "commande manquante"),
    (re.compile(r"^(.+?)\.* Did you mean (.+)\?$", re.S),
     lambda m: f"{translate_usage_error(m[1])} (voulez-vous dire {m[2].replace(', ', ' ou ')} ?)"),
]


def _inner(message: str) -> str:
    for pattern, repl in _INNER:
        if pattern.match(message):
            return pattern.sub(repl, message)
    return message


def translate_usage_error(message: str) -> str:
    """French text of a typer/click usage-error message (unchanged when not recognised).

    Examples
    --------
    >>> translate_usage_error("Missing argument 'operation'.")
    'argument manquant « operation »'
    >>> translate_usage_error("Invalid value for 'chemin': Path 'x' does not exist.")
    "valeur invalide pour 'chemin' : « x » introuvable"
    """
    for pattern, repl in PATTERNS_FR:
        m = pattern.match(message)
        if m:
            return repl(m)
    return message


def _gettext_fr(message: str) -> str:
    translated = MESSAGES_FR.get(message, message)
    if message == "default: {default}":
        return _DefaultTemplate(translated)
    return translated


def _french_show(self, file=None) -> None:  # noqa: ANN001 - click's signature
    """``UsageError.show`` in French: usage line, then the message, then where to get help."""
    import sys

    import typer

    stream = file if file is not None else sys.stderr
    if self.ctx is not None:
        usage = self.ctx.get_usage().replace("Usage:", "Utilisation :", 1)
        typer.echo(usage, file=stream)
    typer.echo(f"Erreur de saisie : {translate_usage_error(self.format_message())}", file=stream)
    if self.ctx is not None:
        typer.echo(f"Aide : {self.ctx.command_path} --help", file=stream)


def install() -> None:
    """Put the French texts in place (idempotent; modules absent in this typer are skipped)."""
    for name in ("typer.core", "click.core", "click.exceptions", "click.types",
                 "click.parser", "click.formatting", "click.decorators"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = _gettext_fr
        if hasattr(module, "ngettext"):
            module.ngettext = lambda s, p, n: _gettext_fr(s if n == 1 else p)
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        module.UsageError.show = _french_show
    _install_type_labels()
    for name in ("typer._click.formatting", "click.formatting"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        original = module.HelpFormatter.write_usage
        if getattr(original, "_perfqual_fr", False):
            continue

        def write_usage(self, prog, args="", prefix=None, _original=original):  # noqa: ANN001
            return _original(self, prog, args, "Utilisation : " if prefix is None else prefix)

        write_usage._perfqual_fr = True
        module.HelpFormatter.write_usage = write_usage


def _install_type_labels() -> None:
    """Wrap typer's ``display_type`` and number ranges (recent typer) so that help reads French."""
    try:
        core = importlib.import_module("typer.core")
    except ImportError:
        return
    base = getattr(core, "_TyperParameter", None)
    original = getattr(base, "display_type", None)
    if original is None or getattr(original, "_perfqual_fr", False):
        return

    def display_type(self, ctx, _original=original):  # noqa: ANN001, ANN202
        label = _original(self, ctx)
        return french_type_label(label) if isinstance(label, str) else label

    display_type._perfqual_fr = True
    base.display_type = display_type
    for cls_name in ("TyperArgument", "TyperOption"):
        cls = getattr(core, cls_name, None)
        range_str = getattr(cls, "_get_number_range_help_str", None)
        if range_str is None or getattr(range_str, "_perfqual_fr", False):
            continue

        def french_range_str(self, _original=range_str):  # noqa: ANN001, ANN202
            text = _original(self)
            return french_range(text) if isinstance(text, str) else text

        french_range_str._perfqual_fr = True
        cls._get_number_range_help_str = french_range_str
    group = getattr(core, "TyperGroup", None)
    pieces = getattr(group, "collect_usage_pieces", None)
    if pieces is not None and not getattr(pieces, "_perfqual_fr", False):

        def collect_usage_pieces(self, ctx, _original=pieces):  # noqa: ANN001, ANN202
            return [USAGE_PIECES_FR.get(p, p) for p in _original(self, ctx)]

        collect_usage_pieces._perfqual_fr = True
        group.collect_usage_pieces = collect_usage_pieces
