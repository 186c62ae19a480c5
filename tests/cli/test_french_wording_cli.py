"""French wording of what typer/click print in ``--help``: defaults and type placeholders."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from perfqual.cli import app
from perfqual.cli._french_click import french_default, french_range, french_type_label

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.05", "0,05"),
        ("10.0", "10,0"),
        ("-2.5", "-2,5"),
        ("1e-05", "1e-05"),
        ("3", "3"),
        ("0.5, 1.5", "0,5 ; 1,5"),
        ("rex.duckdb", "rex.duckdb"),
        (".", "."),
        ("etat_initial", "etat_initial"),
    ],
)
def test_french_default_regression(text: str, expected: str) -> None:
    assert french_default(text) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("<float>", "<nombre>"),
        ("<int>", "<entier>"),
        ("<int range>", "<entier>"),
        ("<str>", "<texte>"),
        ("<path>", "<chemin>"),
        ("<file>", "<fichier>"),
        ("<dir>", "<dossier>"),
        ("<list[str]>", "<liste>"),
        ("<table|csv|json>", "<table|csv|json>"),
        ("objet", "objet"),
    ],
)
def test_french_type_label_regression(label: str, expected: str) -> None:
    assert french_type_label(label) == expected


def test_help_float_default_decimal_comma_regression() -> None:
    res = runner.invoke(app, ["echantillon", "plan", "--help"])
    assert res.exit_code == 0
    text = " ".join(res.output.split())  # help lines are wrapped
    assert "[défaut : 0,05]" in text
    assert "<nombre>" in text and "<float>" not in text


def test_help_no_decimal_point_nor_english_placeholder_regression() -> None:
    for args in (["ventilation", "verifier"], ["humidite"], ["locataires", "suivi"],
                 ["echantillon", "plan"], ["permeabilite", "analyser"], ["simuler"]):
        res = runner.invoke(app, [*args, "--help"])
        assert res.exit_code == 0, args
        text = " ".join(res.output.split())
        assert not re.search(r"\[défaut : -?\d+\.\d", text), (args, text)
        for english in ("<float>", "<path>", "<str>", "<int>", "<list[", "<integer>",
                        "<text>", "<dir>", "<file>"):
            assert english not in text, (args, english)
    res = runner.invoke(app, ["ventilation", "verifier", "--help"])
    text = " ".join(res.output.split())
    assert "chemin <chemin>" in text and "[défaut : 10,0]" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1<=x<=5", "1 ≤ x ≤ 5"), ("x>=0", "x ≥ 0"), ("0<x<1", "0 < x < 1"),
     ("x<=2.5", "x ≤ 2,5")],
)
def test_french_range_regression(text: str, expected: str) -> None:
    assert french_range(text) == expected


def test_help_range_in_french_regression() -> None:
    res = runner.invoke(app, ["humidite", "--help"])
    assert res.exit_code == 0
    text = " ".join(res.output.split())
    assert "1 ≤ x ≤ 5]" in text and "<=" not in text


def test_usage_line_in_french_regression() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    assert "[OPTIONS] COMMANDE [ARGUMENTS]..." in res.output  # program name: CliRunner's
    assert "COMMAND [ARGS]" not in res.output


def test_unknown_command_message_regression() -> None:
    res = runner.invoke(app, ["inconnu"])
    assert res.exit_code == 2
    assert "Erreur de saisie : commande inconnue « inconnu »" in res.output
    assert "Commande inconnue" not in res.output
