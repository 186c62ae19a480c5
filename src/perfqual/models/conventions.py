"""Calculation conventions: everything that differs between the two methods besides physics.

The method comparison (``perfqual comparer``) switches these fields one at a time, so each one is
an explicit, documented input, never a literal buried in an engine. Two presets are provided:

* :data:`THCEX_CONVENTIONS` — the French conventional calculation (Th-C-E ex style): SHON_RT,
  primary-energy factor 2.58 for electricity (arrêté du 13 juin 2008, art. 41), 19 °C with the
  16 °C night set-back from 22 h to 6 h and holiday weeks (arrêté du 15 septembre 2006, annexe IV
  §2.1 and §3.2.1), infiltration from Q4Pa-surf (``q4pa_thcex``), ground through a b factor.
* :data:`ISO52016_CONVENTIONS` — the EN ISO 52016-1 run as the AMO uses it: surface habitable,
  DPE 2021 factors (electricity 2.3 until 31/12/2025, 1.9 since 1/1/2026 — input), same French
  occupancy by default (the user may give its own schedules), infiltration from Q4Pa-surf by the
  3CL-DPE 2021 form of EN 13789 with the ventilation-interaction term (``q4pa_3cl``,
  :mod:`perfqual.core.infiltration`), ground after EN ISO 13370:2017.

**Assumptions** (the Th-C-E ex rules and the Th-CE 2005 chapters they point to are not public,
METHODS-NOTES C.4, C.5, B.4, E.4): the Th-C-E ex hourly schedule, internal gains, cooling
set-point and DHW volumes are unknown. perfqual uses in their place the DPE conventions of the
arrêté du 15 septembre 2006 (19/16 °C, holiday weeks) and the 3CL-DPE 2021 values (internal gains,
28 °C cooling, DHW, lighting), and a 7 °C frost-protection set-point during holidays, which is a
recalled working value [STD-K]. All are fields of :class:`Conventions` (inputs).

Values marked ``[STD-K]`` in ``methods/conventions.md`` are working assumptions awaiting a
licensed text; they are inputs, shown in every output that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

ReferenceArea = Literal["shon_rt", "surface_habitable"]
InfiltrationModel = Literal["q4pa_thcex", "q4pa_3cl", "aucune"]
# Ground floors: « iso13370_permanent » — the steady-state equivalent U of EN ISO 13370:2017 §9.1
# (soil included) coupled to the outdoor air, as the French Th-U rules give a « U_e » for floors on
# grade [STD-K: Th-U fascicule not read]; « iso13370 » — the 52016-1 virtual ground layer with a
# monthly ground temperature (EN ISO 13370:2017 Annexes C/F); « facteur_b » — the U of the floor
# construction alone times b: meant for floors over a crawl space or cellar described with b,
# it ignores the soil and overstates the losses of a slab on grade.
GroundModel = Literal["facteur_b", "iso13370_permanent", "iso13370"]
ControlTemperature = Literal["air", "operative"]

# Primary-energy conversion factors by carrier, dated (never literals in engines).
# Arrêté du 13 juin 2008 (RT existant globale), article 41: electricity 2.58, wood 0.6, others 1.
PEF_THCEX_2008 = MappingProxyType(
    {"electricite": 2.58, "bois": 0.6, "gaz": 1.0, "fioul": 1.0, "gpl": 1.0, "charbon": 1.0,
     "reseau_chaleur": 1.0}
)
# DPE 2021 (3CL-DPE 2021 method): electricity 2.3 [SRC Open3CL 1.4.6, METHODS-NOTES B.6]. The
# other carriers are taken at 1 [STD-K, to confirm with the arrêté du 31 mars 2021]: an input.
PEF_DPE_2021 = MappingProxyType(
    {"electricite": 2.3, "bois": 1.0, "gaz": 1.0, "fioul": 1.0, "gpl": 1.0, "charbon": 1.0,
     "reseau_chaleur": 1.0}
)
# Since 1 January 2026 the DPE uses 1.9 for electricity [SRC Open3CL engine issue 83 and a run of
# Open3CL 1.4.6 on its fixtures, METHODS-NOTES B.6].
PEF_DPE_2026 = MappingProxyType({**PEF_DPE_2021, "electricite": 1.9})


@dataclass(frozen=True)
class Conventions:
    """Conventions of one calculation run (see module docstring)."""

    name: str
    reference_area: ReferenceArea
    primary_energy_factors: MappingProxyType = field(repr=False)
    primary_energy_factors_source: str
    # Heating set-points [°C] and their schedule (hours are local clock hours 0..23): 19 °C with
    # 16 °C from 22 h to 6 h (arrêté du 15 septembre 2006, annexe IV §2.1, DPE conventions used
    # for Th-C-E ex, whose own Th-CE 2005 schedule is not public [OPEN, METHODS-NOTES C.4]).
    heating_setpoint_occupied_c: float = 19.0
    heating_setpoint_reduced_c: float = 16.0
    reduced_start_hour: int = 22
    reduced_end_hour: int = 6
    # Frost protection during holidays: recalled working value, no source read [STD-K,
    # METHODS-NOTES C.4] — an assumption and an input.
    heating_setpoint_holiday_c: float = 7.0
    # Holiday periods as (first day of year, last day of year), 1-based, inclusive. Default: one
    # week early February and two weeks late July-early August (arrêté 15/09/2006 ann. IV §3.2.1).
    holidays: tuple[tuple[int, int], ...] = ((32, 38), (205, 218))
    # Set-point correction of old, poorly insulated dwellings ΔT = -max(0, 0.5 (Dep_shon - 1)) K
    # (arrêté du 15 septembre 2006, annexe IV §3.2.1).
    apply_old_dwelling_setpoint_correction: bool = False
    # Cooling set-point: 28 °C of the 3CL-DPE 2021 method [SRC Open3CL]; the Th-C-E ex value is
    # not public [OPEN, METHODS-NOTES C.4] — an assumption for the Th-C-E ex preset, an input.
    cooling_setpoint_c: float = 28.0
    # Internal gains: area-specific part + occupants (3CL-DPE 2021: 3.52 W/m² + 90 W per
    # adult-equivalent present 132 h out of 168, Open3CL ``calc_ai_j``), zero during holidays
    # (A06 §3.2.5). Th-C-E ex uses the Th-CE 2005 §6.3 values, not public [OPEN, METHODS-NOTES
    # C.5]: the 3CL values stand in for them in the Th-C-E ex preset (assumption, input).
    internal_gains_w_per_m2: float = 3.52
    occupant_gain_w: float = 90.0
    occupant_presence_frac: float = 132.0 / 168.0
    internal_gains_zero_in_holidays: bool = True
    infiltration_model: InfiltrationModel = "q4pa_thcex"
    ground_model: GroundModel = "iso13370_permanent"
    # Temperature held at the set-point and share of the heating power given to the air (the
    # rest is radiant). EN ISO 13790:2008 Annex C: air temperature, all to the air node (C.4);
    # EN ISO 52016-1:2017: operative temperature (§6.5.5.2), convective fraction 0.4 for
    # heating (Table B.11). Defaults are the 13790 ones (methods/conventions.md).
    control_temperature: ControlTemperature = "air"
    heating_convective_frac: float = 1.0
    # Conventional DHW: litres of 40 °C water per day and adult-equivalent (3CL-DPE 2021 §11.1,
    # Open3CL ``11_besoin_ecs.js``); the Th-CE 2005 hourly DHW volumes of Th-C-E ex are not
    # public [OPEN, METHODS-NOTES B.4]: the 3CL value stands in for them (assumption, input).
    dhw_litres_per_day_per_adult_eq: float = 56.0
    dhw_temperature_c: float = 40.0
    # Lighting (3CL-DPE 2021): C·P_ecl·N_h / 1000 with C 0.9, P 1.4 W/m², N_h by zone (1500 H1a).
    lighting_power_w_per_m2: float = 1.4
    lighting_switch_factor: float = 0.9

    def with_(self, **changes) -> Conventions:
        """Copy with some fields changed (used by the comparison to switch one convention)."""
        return replace(self, **changes)


THCEX_CONVENTIONS = Conventions(
    name="thcex",
    reference_area="shon_rt",
    primary_energy_factors=PEF_THCEX_2008,
    primary_energy_factors_source="Arrêté du 13 juin 2008, article 41",
    apply_old_dwelling_setpoint_correction=True,
    infiltration_model="q4pa_thcex",
    ground_model="iso13370_permanent",
)

ISO52016_CONVENTIONS = Conventions(
    name="iso52016",
    reference_area="surface_habitable",
    primary_energy_factors=PEF_DPE_2026,
    primary_energy_factors_source=(
        "DPE : arrêté du 31 mars 2021 (électricité 2,3), 1,9 depuis le 1er janvier 2026"
    ),
    apply_old_dwelling_setpoint_correction=False,
    infiltration_model="q4pa_3cl",
    ground_model="iso13370",
    control_temperature="operative",
    heating_convective_frac=0.4,
)
