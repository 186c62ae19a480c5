"""Tests of the works-phase QA record (models/io/qa)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfqual.errors import InputError
from perfqual.io.qa_record import load_qa_record
from perfqual.qa.works_record import works_record_status

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
REGISTRE = DEMO / "qualite" / "registre.yaml"

MINIMAL = """
operation: Test
phase: travaux
date_reference: 2026-10-15
exigences:
  autocontroles_lots: [isolation_murs]
  sessions_fit_min: 1
  memoire_technique: [isolant_murs]
  points_arret: [PA-01]
  thermographie_logements: [C-001]
autocontroles:
  - {id: AC-01, lot: isolation_murs, date: 2026-09-02, statut: conforme}
fit:
  - {id: FIT-01, theme: pose, date: 2026-05-20, statut: realisee}
memoire_technique:
  - {id: MT-01, element: isolant_murs, materiau: fibre_de_bois, statut: valide}
points_arret:
  - {id: PA-01, intitule: supports, date_levee: 2026-08-27, statut: leve}
logements_thermographies: [C-001]
"""


def test_demo_record_missing_items_and_exposure_analytic():
    rec = load_qa_record(REGISTRE)
    assert rec.synthetic
    ids = tuple(f"C-{i:03d}" for i in range(1, 73)) + tuple(
        f"J-{i:03d}" for i in range(1, 41)) + tuple(f"I-{i:03d}" for i in range(1, 9))
    st = works_record_status(rec, ids)
    cats = {m.category for m in st.missing}
    assert cats == {"autocontroles", "fit", "visites", "memoire_technique", "points_arret",
                    "thermographie"}
    assert [d.id for d in st.open_defects] == ["TH-01", "TH-04", "AC-03"]
    # Rule of the demo: majeure 1500 € each (TH-01, AC-03), critique 1 % of 480 000 € (TH-04).
    assert st.exposure.exposure_eur == Decimal("1500") * 2 + Decimal("4800")
    assert st.exposure.cap_eur == Decimal("24000.00")
    assert not st.is_complete


def test_complete_record_and_cap(tmp_path):
    p = tmp_path / "registre.yaml"
    p.write_text(MINIMAL, encoding="utf-8")
    st = works_record_status(load_qa_record(p), ("C-001", "C-002"))
    assert st.is_complete and st.exposure is None
    capped = MINIMAL + """
thermographie:
  - {id: T1, logement: C-001, date: 2026-02-10, localisation: angle, type_defaut: humidite,
     gravite: critique, statut: ouvert, date_limite: 2026-09-01}
  - {id: T2, logement: C-001, date: 2026-02-10, localisation: appui, type_defaut: fuite_air,
     gravite: critique, statut: ouvert, date_limite: 2026-12-01}
reduction_subvention:
  subvention_eur: 100000
  source: test
  par_gravite: {critique: {montant_eur: 1000, taux_pct: 2}}
  plafond_pct: 5
  seulement_echus: true
"""
    p.write_text(capped, encoding="utf-8")
    st = works_record_status(load_qa_record(p), ("C-001",))
    assert st.exposure.n_defects == 1  # only T1 is overdue
    assert st.exposure.exposure_eur == Decimal("3000.00")
    p.write_text(capped.replace("seulement_echus: true", "seulement_echus: false")
                 .replace("plafond_pct: 5", "plafond_pct: 4"), encoding="utf-8")
    st = works_record_status(load_qa_record(p), ("C-001",))
    assert st.exposure.uncapped_eur == Decimal("6000.00")
    assert st.exposure.exposure_eur == Decimal("4000.00")


def test_bad_inputs_french_messages(tmp_path):
    p = tmp_path / "registre.yaml"
    p.write_text(MINIMAL.replace("statut: conforme", "statut: ok"), encoding="utf-8")
    with pytest.raises(InputError, match=r"autocontroles\.0\.statut .*valeur non admise"):
        load_qa_record(p)
    p.write_text(MINIMAL.replace("statut: leve", "statut: leve\n    ", 1).replace(
        "date_levee: 2026-08-27, ", ""), encoding="utf-8")
    with pytest.raises(InputError, match="date_levee"):
        load_qa_record(p)
    p.write_text(MINIMAL + "thermographie: {fichier: th.csv}\n", encoding="utf-8")
    (tmp_path / "th.csv").write_text(
        "id;logement;date;localisation;type_defaut;gravite;photo;statut\n"
        "T1;C-001;2026-02-10;angle;humidite;grave;IR1.jpg;ouvert\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"th\.csv, ligne 2 : gravite"):
        load_qa_record(p)
    p.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(InputError, match="logements inconnus"):
        works_record_status(load_qa_record(p), ("C-002",))
    with pytest.raises(InputError, match="introuvable"):
        load_qa_record(tmp_path / "absent.yaml")
