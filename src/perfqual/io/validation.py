"""French rendering of pydantic validation errors (file : path.to.field : message)."""

from __future__ import annotations

from pydantic import ValidationError

_PYDANTIC_FR = {
    "missing": "champ obligatoire absent",
    "extra_forbidden": "champ inconnu (vérifier l'orthographe)",
    "greater_than": "doit être strictement supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être strictement inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "literal_error": "valeur non admise (valeurs possibles : {expected})",
    "enum": "valeur non admise (valeurs possibles : {expected})",
    "string_type": "texte attendu",
    "string_too_short": "texte vide",
    "dict_type": "bloc (clé : valeur) attendu",
    "list_type": "liste attendue",
    "tuple_type": "liste attendue",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "bool_parsing": "oui/non (true/false) attendu",
}


def _fr_number(value: object) -> object:
    """A float written with a decimal comma (French text); other values unchanged."""
    if isinstance(value, float):
        text = repr(value)
        return (text[:-2] if text.endswith(".0") else text).replace(".", ",")
    return value


def _fr_ctx(ctx: dict) -> dict:
    """Context values of a pydantic error in French form (decimal comma, « ou »)."""
    out = {key: _fr_number(val) for key, val in ctx.items()}
    if isinstance(out.get("expected"), str):
        out["expected"] = out["expected"].replace("' or '", "' ou '")
    return out


def format_validation_error(exc: ValidationError, source: str | None = None) -> str:
    """Render a pydantic ValidationError as French lines ``source : path.to.field : message``."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "(racine)"
        template = _PYDANTIC_FR.get(err["type"])
        if err["type"] in ("value_error", "assertion_error"):
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif template is not None:
            try:
                msg = template.format(**_fr_ctx(err.get("ctx", {})))
            except (KeyError, IndexError):
                msg = template
        else:
            msg = err["msg"]
        value = err.get("input")
        shown = ""
        if err["type"] not in ("missing",) and isinstance(value, float):
            shown = f" (valeur lue : {_fr_number(value)})"
        elif err["type"] not in ("missing",) and isinstance(value, (str, int)):
            shown = f" (valeur lue : {value!r})"
        prefix = f"{source} : " if source else ""
        lines.append(f"{prefix}{path} : {msg}{shown}")
    return "\n".join(lines)
