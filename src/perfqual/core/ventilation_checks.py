"""Checks of mechanical-ventilation measurements at terminals (Promevent-style controls).

Pure functions: plain floats in, statuses and findings out. The assembly per terminal and per
dwelling lives in :mod:`perfqual.qa.ventilation`; the method is described in
``methods/ventilation.md``.

Sources
-------
* Arrêté du 24 mars 1982 relatif à l'aération des logements (modifié par l'arrêté du
  28 octobre 1983), art. 3 (nominal extract flows per service room, table transcribed from
  Aldes because the consolidated Légifrance/etalab text omits it: "Tableau non reproduit") and
  art. 4 (reduced flows with individual control; absolute floor for modulated systems).
  The values are packaged data (``data/ventilation_debits_1982_art3.csv``, ``..._art4.csv``).
* Promevent (2016) / Protocole Ventilation RE2020 v2 (juin 2022): a functional measurement at a
  terminal is a flow (m³/h) or a pressure (Pa) compared with the product's operating range;
  one non-conforming mandatory point makes the installation non-conforming.
* **Assumption** (DOMAIN-NOTES C.3, derived, to confirm with the protocol sheets 3.1–3.4): the
  measurement uncertainty is U = max(u_rel·|x|, u_abs) (or u_rel·|x| + u_abs, configurable), and
  a reading is *conforming within uncertainty* when it misses a limit by at most U.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from perfqual.errors import InputError, NotImplementedMethodError


class RoomKind(StrEnum):
    """Room served by a terminal (codes; French labels in :data:`ROOM_LABELS_FR`)."""

    KITCHEN = "cuisine"
    BATHROOM = "salle_de_bain"  # salle de bains ou de douches, sans WC
    BATHROOM_WC = "salle_de_bain_wc"  # salle de bains avec WC (compte comme un WC, art. 3)
    WC = "wc"
    OTHER_WET_ROOM = "autre_piece_humide"  # autre salle d'eau, buanderie, cellier
    LIVING_ROOM = "sejour"
    BEDROOM = "chambre"


ROOM_LABELS_FR: dict[RoomKind, str] = {
    RoomKind.KITCHEN: "cuisine",
    RoomKind.BATHROOM: "salle de bain",
    RoomKind.BATHROOM_WC: "salle de bain avec WC",
    RoomKind.WC: "WC",
    RoomKind.OTHER_WET_ROOM: "autre pièce humide",
    RoomKind.LIVING_ROOM: "séjour",
    RoomKind.BEDROOM: "chambre",
}

SERVICE_ROOMS = frozenset(
    {RoomKind.KITCHEN, RoomKind.BATHROOM, RoomKind.BATHROOM_WC, RoomKind.WC,
     RoomKind.OTHER_WET_ROOM}
)
MAIN_ROOMS = frozenset({RoomKind.LIVING_ROOM, RoomKind.BEDROOM})


class SystemKind(StrEnum):
    """Ventilation system types covered (ONV system types, DOMAIN-NOTES C.3)."""

    SELF_REGULATING = "autoreglable"  # simple flux autoréglable
    HYGRO_A = "hygro_a"  # simple flux hygroréglable A (extraction modulée)
    HYGRO_B = "hygro_b"  # simple flux hygroréglable B (extraction et entrées d'air modulées)
    BALANCED = "double_flux"


SYSTEM_LABELS_FR: dict[SystemKind, str] = {
    SystemKind.SELF_REGULATING: "simple flux autoréglable",
    SystemKind.HYGRO_A: "simple flux hygroréglable A",
    SystemKind.HYGRO_B: "simple flux hygroréglable B",
    SystemKind.BALANCED: "double flux",
}

HUMIDITY_MODULATED = frozenset({SystemKind.HYGRO_A, SystemKind.HYGRO_B})


class TerminalKind(StrEnum):
    """Extract (bouche d'extraction) or supply (bouche de soufflage, double flux) terminal."""

    EXTRACT = "extraction"
    SUPPLY = "soufflage"


class Position(StrEnum):
    """Operating position of a terminal during the measurement."""

    BASE = "base"  # débit de base : réduit/hygro, ou nominal (minimal en cuisine)
    BOOST = "pointe"  # débit de pointe : grand débit cuisine, temporisation hygro


class MeasuredQuantity(StrEnum):
    """What was measured at the terminal (never both for one position, Promevent)."""

    FLOW = "debit"
    PRESSURE = "pression"


class MeasurementStatus(StrEnum):
    """Outcome of one check (DOMAIN-NOTES C.6)."""

    CONFORMING = "conforme"
    CONFORMING_WITHIN_UNCERTAINTY = "conforme_dans_incertitude"
    TOO_LOW = "non_conforme_bas"
    TOO_HIGH = "non_conforme_haut"
    NOT_MEASURABLE = "non_mesurable"


class Verdict(StrEnum):
    """Verdict of a terminal or a dwelling."""

    CONFORMING = "conforme"
    NON_CONFORMING = "non_conforme"
    NOT_MEASURABLE = "non_mesurable"


class PointStatus(StrEnum):
    """Status of a visual / functional verification point (ONV status domain)."""

    CONFORMING = "conforme"
    NON_CONFORMING = "non_conforme"
    NOT_VERIFIABLE = "non_verifiable"
    NOT_APPLICABLE = "sans_objet"


_SEVERITY = {
    MeasurementStatus.CONFORMING: 0,
    MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY: 1,
    MeasurementStatus.NOT_MEASURABLE: 2,
    MeasurementStatus.TOO_LOW: 3,
    MeasurementStatus.TOO_HIGH: 3,
}

FAILING_STATUSES = frozenset({MeasurementStatus.TOO_LOW, MeasurementStatus.TOO_HIGH})

ART3 = "arrêté du 24 mars 1982, art. 3"
ART4 = "arrêté du 24 mars 1982, art. 4"


@dataclass(frozen=True)
class RegulatoryFlows1982:
    """Minimum extract flows of the arrêté du 24 mars 1982 (values from packaged tables).

    Attributes
    ----------
    art3_m3_per_h : mapping
        n_main_rooms (1..5, 5 = "5 et plus") -> column -> nominal extract flow [m³/h].
        Columns: ``cuisine``, ``salle_de_bain``, ``autre_salle_d_eau``, ``wc_unique``,
        ``wc_multiple``.
    art4_total_reduced_m3_per_h : mapping
        n_main_rooms (1..7) -> minimum total extract flow with individual control [m³/h].
    art4_kitchen_reduced_m3_per_h : mapping
        n_main_rooms (1..7) -> minimum reduced kitchen flow [m³/h].
    art4_total_modulated_floor_m3_per_h : mapping
        n_main_rooms (1..7) -> total extract flow "en tout état de cause" for automatically
        modulated (humidity-controlled) systems [m³/h].
    """

    art3_m3_per_h: Mapping[int, Mapping[str, float]]
    art4_total_reduced_m3_per_h: Mapping[int, float]
    art4_kitchen_reduced_m3_per_h: Mapping[int, float]
    art4_total_modulated_floor_m3_per_h: Mapping[int, float]


@dataclass(frozen=True)
class Finding:
    """One elementary check result with its French explanation.

    ``status`` None marks an informative note that does not change any verdict.
    """

    code: str
    status: MeasurementStatus | None
    message_fr: str


def measurement_uncertainty(
    value: float, rel_frac: float, abs_value: float, combination: str = "max"
) -> float:
    """Expanded uncertainty U of one reading (same unit as ``value``).

    Parameters
    ----------
    value : float
        Reading (flow [m³/h] or pressure [Pa]).
    rel_frac : float
        Relative uncertainty (0.10 = 10 %). [-]
    abs_value : float
        Absolute uncertainty, same unit as ``value``.
    combination : {"max", "somme"}
        ``max``: U = max(u_rel·|x|, u_abs); ``somme``: U = u_rel·|x| + u_abs.

    Notes
    -----
    Assumption (DOMAIN-NOTES C.3, derived proposal): the ONV template asks for a percentage
    and an absolute value ("forfaitaire 10 % et 5 Pa" in the ONV example); how they combine is
    not published, hence the option.

    Examples
    --------
    >>> measurement_uncertainty(120.0, 0.10, 5.0)
    12.0
    >>> measurement_uncertainty(30.0, 0.10, 5.0, "somme")
    8.0
    """
    if rel_frac < 0 or abs_value < 0:
        raise InputError("incertitudes négatives")
    relative = rel_frac * abs(value)
    if combination == "max":
        return max(relative, abs_value)
    if combination == "somme":
        return relative + abs_value
    raise InputError(f"combinaison d'incertitudes « {combination} » inconnue (max ou somme)")


def classify_against_limits(
    value: float, low: float | None, high: float | None, uncertainty: float
) -> MeasurementStatus:
    """Compare a reading with a minimum and/or a maximum, uncertainty applied.

    A reading is ``conforme`` when low ≤ x ≤ high, ``conforme_dans_incertitude`` when it is
    outside by at most U (low − U ≤ x < low or high < x ≤ high + U), else
    ``non_conforme_bas`` / ``non_conforme_haut``.

    Examples
    --------
    >>> classify_against_limits(155.0, 80.0, 160.0, 15.5).value
    'conforme'
    >>> classify_against_limits(165.0, 80.0, 160.0, 16.5).value
    'conforme_dans_incertitude'
    >>> classify_against_limits(60.0, 80.0, 160.0, 6.0).value
    'non_conforme_bas'
    """
    if low is not None and high is not None and low > high:
        raise InputError(f"plage incohérente : minimum {low} > maximum {high}")
    if low is not None and value < low:
        if value + uncertainty >= low:
            return MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY
        return MeasurementStatus.TOO_LOW
    if high is not None and value > high:
        if value - uncertainty <= high:
            return MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY
        return MeasurementStatus.TOO_HIGH
    return MeasurementStatus.CONFORMING


def worst_status(statuses: Iterable[MeasurementStatus]) -> MeasurementStatus | None:
    """Most severe status (non conforme > non mesurable > dans l'incertitude > conforme)."""
    statuses = list(statuses)
    if not statuses:
        return None
    return max(statuses, key=lambda s: _SEVERITY[s])


def _row(table: Mapping[int, object], n_main_rooms: int, cap: int | None, article: str):
    if n_main_rooms < 1:
        raise InputError(f"nombre de pièces principales {n_main_rooms} < 1")
    key = min(n_main_rooms, cap) if cap is not None else n_main_rooms
    if key not in table:
        raise NotImplementedMethodError(
            f"{article} : pas de valeur pour {n_main_rooms} pièces principales"
        )
    return table[key]


def art3_column(room: RoomKind, n_wc: int) -> str:
    """Column of the art. 3 table for a service room.

    A bathroom with a WC takes the bathroom value (Aldes reading of art. 3); WCs are
    "multiple" when there are at least two in the dwelling, even if one is in a salle d'eau
    (art. 3, last paragraph).

    Examples
    --------
    >>> art3_column(RoomKind.WC, 1), art3_column(RoomKind.WC, 2)
    ('wc_unique', 'wc_multiple')
    """
    if room in (RoomKind.BATHROOM, RoomKind.BATHROOM_WC):
        return "salle_de_bain"
    if room is RoomKind.KITCHEN:
        return "cuisine"
    if room is RoomKind.OTHER_WET_ROOM:
        return "autre_salle_d_eau"
    if room is RoomKind.WC:
        return "wc_multiple" if n_wc >= 2 else "wc_unique"
    raise InputError(f"la pièce « {ROOM_LABELS_FR[room]} » n'est pas une pièce de service")


def regulatory_minimum_flow(
    flows: RegulatoryFlows1982,
    system: SystemKind,
    room: RoomKind,
    position: Position,
    n_main_rooms: int,
    n_wc: int,
    hygro_kitchen_boost_art3: bool = True,
) -> tuple[float | None, str]:
    """Minimum extract flow of one terminal at one position, with its citation.

    Parameters
    ----------
    flows : RegulatoryFlows1982
        Packaged tables.
    system : SystemKind
        Installed system.
    room : RoomKind
        Service room of the extract terminal.
    position : Position
        ``base`` or ``pointe``.
    n_main_rooms : int
        Pièces principales of the dwelling (art. 3: open-plan living + bedroom counts 2).
    n_wc : int
        Number of WCs in the dwelling, those inside a salle d'eau included.
    hygro_kitchen_boost_art3 : bool
        Apply the art. 3 kitchen value to the boost position of humidity-controlled systems.
        Assumption: Aldes states the kitchen nominal flow must be reachable in every dwelling.

    Returns
    -------
    tuple
        (minimum flow [m³/h] or None when the arrêté gives none for this case, citation or
        explanation in French).

    Notes
    -----
    * Self-regulating and balanced systems: kitchen boost → art. 3 kitchen value; kitchen base
      → art. 4 reduced kitchen flow; other service rooms → art. 3 value at any position.
    * Humidity-controlled systems: the minimum flows are those fixed by the system's
      authorisation (Avis Technique, art. 4); not public, so only the kitchen boost is checked.
    """
    if room not in SERVICE_ROOMS:
        return None, "pas de débit extrait réglementaire pour une pièce principale"
    column = art3_column(room, n_wc)
    art3 = _row(flows.art3_m3_per_h, n_main_rooms, 5, ART3)
    if system in HUMIDITY_MODULATED:
        if room is RoomKind.KITCHEN and position is Position.BOOST and hygro_kitchen_boost_art3:
            return float(art3[column]), f"{ART3} (débit de pointe cuisine)"
        return None, (
            "système hygroréglable : débits minimaux fixés par l'Avis Technique du système "
            f"({ART4}), non vérifiés ici"
        )
    if room is RoomKind.KITCHEN and position is Position.BASE:
        value = _row(flows.art4_kitchen_reduced_m3_per_h, n_main_rooms, None, ART4)
        return float(value), f"{ART4} (débit réduit de cuisine)"
    return float(art3[column]), f"{ART3} ({column.replace('_', ' ')})"


def regulatory_minimum_total_base_flow(
    flows: RegulatoryFlows1982, system: SystemKind, n_main_rooms: int
) -> tuple[float, str]:
    """Minimum total extract flow of the dwelling in base position, with its citation.

    Self-regulating / balanced: art. 4 first table (total with individual control).
    Humidity-controlled: art. 4 last table ("en tout état de cause").

    Examples
    --------
    >>> f = RegulatoryFlows1982({}, {3: 75.0}, {3: 45.0}, {3: 15.0})
    >>> regulatory_minimum_total_base_flow(f, SystemKind.HYGRO_B, 3)[0]
    15.0
    """
    if system in HUMIDITY_MODULATED:
        value = _row(flows.art4_total_modulated_floor_m3_per_h, n_main_rooms, None, ART4)
        return float(value), f"{ART4} (débit total minimal en tout état de cause)"
    value = _row(flows.art4_total_reduced_m3_per_h, n_main_rooms, None, ART4)
    return float(value), f"{ART4} (débit total minimal)"


def _fmt(x: float) -> str:
    """French display of a number with at most one decimal ("15,5", "120")."""
    return f"{round(x, 1):g}".replace(".", ",")


def _limit_finding(
    code: str, what: str, status: MeasurementStatus, value: float, unit: str,
    low: float | None, high: float | None, uncertainty: float, source: str,
) -> Finding:
    shown = f"{what} {_fmt(value)} {unit} (± {_fmt(uncertainty)})"
    if low is not None and high is not None:
        limits = f"plage [{_fmt(low)} ; {_fmt(high)}] {unit}"
    elif low is not None:
        limits = f"minimum {_fmt(low)} {unit}"
    else:
        limits = f"maximum {_fmt(high)} {unit}"  # type: ignore[arg-type]
    verdict = {
        MeasurementStatus.CONFORMING: "respecte",
        MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY: "respecte seulement grâce à "
        "l'incertitude",
        MeasurementStatus.TOO_LOW: "sous le",
        MeasurementStatus.TOO_HIGH: "au-dessus du",
    }[status]
    if status in FAILING_STATUSES:
        limit = low if status is MeasurementStatus.TOO_LOW else high
        edge = "minimum" if status is MeasurementStatus.TOO_LOW else "maximum"
        text = f"{shown} {verdict} {edge} {_fmt(limit)} {unit} — {source}"  # type: ignore[arg-type]
    else:
        text = f"{shown} {verdict} : {limits} — {source}"
    return Finding(code, status, text)


def check_flow_reading(
    measured_m3_per_h: float,
    uncertainty_m3_per_h: float,
    required_min_m3_per_h: float | None = None,
    required_source: str = "",
    design_flow_m3_per_h: float | None = None,
    range_min_m3_per_h: float | None = None,
    range_max_m3_per_h: float | None = None,
) -> tuple[Finding, ...]:
    """Check a measured flow against the regulatory minimum, the design flow and the range.

    Returns one finding per available reference; an empty tuple when none is available
    (the caller then declares the reading not judgeable).

    Examples
    --------
    >>> f = check_flow_reading(100.0, 0.0, required_min_m3_per_h=105.0, required_source="art. 3")
    >>> f[0].status.value
    'non_conforme_bas'
    """
    if measured_m3_per_h < 0:
        raise InputError(f"débit mesuré négatif ({measured_m3_per_h} m³/h)")
    findings = []
    u = uncertainty_m3_per_h
    if required_min_m3_per_h is not None:
        st = classify_against_limits(measured_m3_per_h, required_min_m3_per_h, None, u)
        findings.append(_limit_finding("debit_reglementaire", "débit mesuré", st,
                                       measured_m3_per_h, "m³/h", required_min_m3_per_h, None,
                                       u, required_source))
    if design_flow_m3_per_h is not None:
        st = classify_against_limits(measured_m3_per_h, design_flow_m3_per_h, None, u)
        findings.append(_limit_finding("debit_conception", "débit mesuré", st,
                                       measured_m3_per_h, "m³/h", design_flow_m3_per_h, None,
                                       u, "débit de conception du programme de travaux"))
    if range_min_m3_per_h is not None or range_max_m3_per_h is not None:
        st = classify_against_limits(measured_m3_per_h, range_min_m3_per_h,
                                     range_max_m3_per_h, u)
        findings.append(_limit_finding("plage_debit", "débit mesuré", st, measured_m3_per_h,
                                       "m³/h", range_min_m3_per_h, range_max_m3_per_h, u,
                                       "plage de fonctionnement du produit"))
    return tuple(findings)


def check_pressure_reading(
    measured_pa: float,
    uncertainty_pa: float,
    range_min_pa: float,
    range_max_pa: float,
    required_min_m3_per_h: float | None = None,
    required_source: str = "",
    design_flow_m3_per_h: float | None = None,
) -> tuple[Finding, ...]:
    """Check a measured terminal pressure (depression, positive) against the product range.

    When a regulatory minimum applies, the design flow of the terminal (the flow it delivers
    inside its pressure range) is compared with it; without a design flow a note says the
    regulatory flow could not be verified from a pressure reading.

    Examples
    --------
    >>> f = check_pressure_reading(155.0, 15.5, 80.0, 160.0)
    >>> f[0].status.value
    'conforme'
    """
    if measured_pa < 0:
        raise InputError(
            f"pression négative ({measured_pa} Pa) : saisir la dépression en valeur absolue"
        )
    st = classify_against_limits(measured_pa, range_min_pa, range_max_pa, uncertainty_pa)
    findings = [_limit_finding("plage_pression", "pression mesurée", st, measured_pa, "Pa",
                               range_min_pa, range_max_pa, uncertainty_pa,
                               "plage de fonctionnement du produit")]
    if required_min_m3_per_h is not None:
        if design_flow_m3_per_h is None:
            findings.append(Finding(
                "debit_reglementaire_non_verifie", None,
                f"mesure en pression : minimum réglementaire {_fmt(required_min_m3_per_h)} "
                f"m³/h non vérifiable sans débit de conception ({required_source})"))
        elif design_flow_m3_per_h < required_min_m3_per_h:
            findings.append(Finding(
                "debit_conception_sous_reglementaire", MeasurementStatus.TOO_LOW,
                f"débit de conception {_fmt(design_flow_m3_per_h)} m³/h inférieur au minimum "
                f"réglementaire {_fmt(required_min_m3_per_h)} m³/h — {required_source}"))
    return tuple(findings)
