"""From the operation input model to flat :class:`~perfqual.models.building.BuildingModel` objects.

A scenario is the initial state plus an ordered list of measures; a measure changes the model
and never duplicates it. Resolution, for one (typology, scenario[, dwelling]):

1. start from the typology as described (initial state);
2. apply the dwelling's differences: position in the row (party walls of an end dwelling that
   face the free side become exterior walls; all party walls of a detached position ``isole``),
   rotation of the row, individual living area;
3. apply each measure of the scenario in order (``ajoute_couche``, ``remplace_composition``,
   ``remplace_menuiseries``, ``ponts_thermiques``, ``etancheite``, ``ventilation``,
   ``chauffage``, ``ecs``), skipping measures restricted to other typologies;
4. compute what engines need: net areas, U-values with the surface resistances of
   EN ISO 6946:2017, areal heat capacities and mass distribution classes, airtightness in its
   three expressions, conventional airflows when not given.

Every rule is documented in ``methods/saisie.md``.
"""

from __future__ import annotations

from dataclasses import replace

from perfqual.errors import InputError
from perfqual.models.building import (
    Airtightness,
    Areas,
    Boundary,
    BuildingModel,
    DhwSystem,
    ElementKind,
    HeatingSystem,
    Layer,
    MassDistribution,
    OpaqueElement,
    ThermalBridge,
    Ventilation,
    Window,
    envelope_area_a_tbat_m2,
)
from perfqual.models.operation import (
    INITIAL_STATE,
    AirtightnessSpec,
    Composition,
    DhwSpec,
    EnvelopeElementSpec,
    HeatingSpec,
    LayerSpec,
    Measure,
    OpeningSpec,
    Operation,
    ThermalBridgeSpec,
    Typology,
    VentilationSpec,
)

# Surface resistances of EN ISO 6946:2017, Table 7 [m²·K/W]: R_si by direction of heat flow,
# R_se = 0.04 to the exterior. For an element between the heated space and an unheated space,
# the ground side or another dwelling, R_si is used on both sides (EN ISO 6946:2017, §6.8).
R_SI_M2K_PER_W = {"up": 0.10, "horizontal": 0.13, "down": 0.17}
R_SE_EXTERIOR_M2K_PER_W = 0.04

# Conventional extract airflows q_varep,conv [m³/(h·m² of living area)] of the 3CL-DPE 2021 method
# (Open3CL 1.4.6 tv.js « debits_ventilation », METHODS-NOTES C.6): natural ventilation by
# window opening 1.2, natural ducts 2.23; mechanical systems installed after 2012 (the works of
# the programme): self-regulating 1.32, hygro A 1.16, hygro B 1.09. A balanced (double flux)
# system has no conventional extract airflow here: its airflow must be given.
CONVENTIONAL_AIRFLOW_M3_PER_H_M2 = {
    "naturelle": 1.2,
    "naturelle_par_conduits": 2.23,
    "vmc_autoreglable": 1.32,
    "vmc_hygro_a": 1.16,
    "vmc_hygro_b": 1.09,
}

# Reference pressures of the airtightness indicators [Pa] (FD P50-784; NF EN ISO 9972:2015).
P_REF_Q4_PA = 4.0
P_REF_50_PA = 50.0

_FREE_SIDE = {
    "extremite_nord": 0.0,
    "extremite_est": 90.0,
    "extremite_sud": 180.0,
    "extremite_ouest": 270.0,
}


def _r_si(kind: ElementKind) -> float:
    """Interior surface resistance by element kind, heat flowing out of the heated space."""
    if kind in (ElementKind.ROOF, ElementKind.CEILING):
        return R_SI_M2K_PER_W["up"]
    if kind == ElementKind.FLOOR:
        return R_SI_M2K_PER_W["down"]
    return R_SI_M2K_PER_W["horizontal"]


def surface_resistances_m2k_per_w(kind: ElementKind, boundary: Boundary) -> tuple[float, float]:
    """(R_si, R_se) of an element after EN ISO 6946:2017 Table 7 and §6.8.

    Examples
    --------
    >>> surface_resistances_m2k_per_w(ElementKind.WALL, Boundary.EXTERIOR)
    (0.13, 0.04)
    >>> surface_resistances_m2k_per_w(ElementKind.CEILING, Boundary.UNHEATED)
    (0.1, 0.1)
    """
    r_si = _r_si(kind)
    r_se = R_SE_EXTERIOR_M2K_PER_W if boundary == Boundary.EXTERIOR else r_si
    return r_si, r_se


def u_value_from_layers_w_per_m2k(layers: tuple[Layer, ...], r_si: float, r_se: float) -> float:
    """U = 1 / (R_si + Σ d/λ + R_se) (EN ISO 6946:2017, §6.7.1, homogeneous layers).

    Examples
    --------
    >>> brick = Layer("brique", 0.22, 0.84, 1800.0, 840.0)
    >>> round(u_value_from_layers_w_per_m2k((brick,), 0.13, 0.04), 4)
    2.3153
    """
    r_total = r_si + r_se + sum(layer.resistance_m2k_per_w for layer in layers)
    return 1.0 / r_total


# A layer counts as thermal insulation when its conductivity is at most 0.065 W/(m·K) — the
# usual upper bound of thermal insulation products (rule of perfqual, [DERIVED]; documented in
# methods/saisie.md). Masonry, concrete, plaster and wood are above it.
INSULATION_MAX_CONDUCTIVITY_W_PER_MK = 0.065


def mass_distribution_from_layers(layers: tuple[Layer, ...]) -> MassDistribution:
    """Mass distribution class of EN ISO 52016-1:2017 Table B.13 from the layers.

    Rule of perfqual [DERIVED from the class meanings of Table B.13 as explained in the UK
    guidance on mass distribution classes]: without an insulation layer (λ ≤ 0.065 W/(m·K)) the
    element is of class D (mass equally distributed, e.g. uninsulated masonry). Otherwise the heat
    capacity on each side of the insulation (outermost to innermost insulating layer) decides:
    ≥ 80 % on the interior side → I (e.g. external insulation); ≥ 80 % on the exterior side → E
    (internal insulation); mass on both sides → IE; no mass either side → D. Layers are given
    interior → exterior.

    Examples
    --------
    >>> brick = Layer("brique", 0.22, 0.9, 1800.0, 840.0)
    >>> wool = Layer("laine", 0.10, 0.035, 40.0, 1030.0)
    >>> [mass_distribution_from_layers(x).value for x in ((brick,), (wool, brick), (brick, wool))]
    ['D', 'E', 'I']
    """
    insulating = [i for i, layer in enumerate(layers)
                  if layer.conductivity_w_per_mk <= INSULATION_MAX_CONDUCTIVITY_W_PER_MK]
    if not insulating:
        return MassDistribution.EQUAL
    first, last = insulating[0], insulating[-1]
    inner = sum(layer.areal_heat_capacity_j_per_m2k for layer in layers[:first])
    outer = sum(layer.areal_heat_capacity_j_per_m2k for layer in layers[last + 1:])
    both = inner + outer
    if both <= 0.0:
        return MassDistribution.EQUAL
    if inner >= 0.8 * both:
        return MassDistribution.INTERNAL
    if outer >= 0.8 * both:
        return MassDistribution.EXTERNAL
    return MassDistribution.DIVIDED


def operation_material_library(op: Operation):
    """The packaged material library plus the operation's own materials (``materiaux``).

    One library for every use of the operation (thermal layers here, moisture checks in
    ``perfqual.qa.moisture``), so that a user material is described once.
    """
    key = id(op)
    cached = _LIBRARIES.get(key)
    if cached is not None and cached[0] is op:
        return cached[1]
    library = _build_operation_library(op)
    if len(_LIBRARIES) > 32:
        _LIBRARIES.clear()
    _LIBRARIES[key] = (op, library)
    return library


# id(operation) -> (operation, library); the operation is kept so that its id cannot be reused
_LIBRARIES: dict[int, tuple[Operation, object]] = {}


def _build_operation_library(op: Operation):
    from perfqual.materials import default_library

    user = []
    for mid, spec in op.materials.items():
        user.append({
            "id": mid, "name_fr": spec.name or mid, "category": spec.category,
            "conductivity_w_per_mk": spec.conductivity_w_per_mk,
            "density_kg_per_m3": spec.density_kg_per_m3,
            "specific_heat_j_per_kgk": spec.specific_heat_j_per_kgk,
            "vapour_resistance_factor": spec.vapour_resistance_factor,
            "sd_m": spec.sd_m, "capillary_active": spec.capillary_active,
            "source": spec.source,
        })
    library = default_library()
    return library.with_user_materials(user, "operation.yaml : materiaux") if user else library


def _material_layer(op: Operation, spec: LayerSpec, where: str) -> Layer:
    """A Layer from a material name, looked up in the operation's library."""
    mat = operation_material_library(op).get(spec.material, where)
    return mat.to_layer(spec.thickness_m, where)


def _composition_layers(op: Operation, comp_id: str) -> tuple[Layer, ...] | None:
    comp: Composition = op.compositions[comp_id]
    if comp.layers is None:
        return None
    return tuple(
        _material_layer(op, spec, f"compositions.{comp_id}.couches.{i}")
        for i, spec in enumerate(comp.layers)
    )


class _WorkingElement:
    """Mutable per-resolution state of an opaque element (layers may grow with measures)."""

    def __init__(self, spec: EnvelopeElementSpec, layers, composition: Composition):
        self.spec = spec
        self.layers: tuple[Layer, ...] | None = layers
        self.composition = composition
        self.boundary = spec.boundary
        self.azimuth_deg = spec.azimuth_deg
        self.extra_resistance_m2k_per_w = 0.0  # insulation added on a U-given composition
        self.extra_capacity_inside_j_per_m2k = 0.0
        self.extra_capacity_outside_j_per_m2k = 0.0
        self.added_layers_inside: list[Layer] = []
        self.added_layers_outside: list[Layer] = []


def _default_tilt_deg(kind: ElementKind) -> float:
    return {ElementKind.WALL: 90.0, ElementKind.ROOF: 0.0, ElementKind.CEILING: 0.0,
            ElementKind.FLOOR: 180.0}[kind]


def mirror_azimuth_deg(azimuth_deg: float) -> float:
    """Azimuth seen in the mirror image about the north–south axis (east ↔ west).

    Examples
    --------
    >>> [mirror_azimuth_deg(a) for a in (0.0, 90.0, 135.0, 180.0, 270.0)]
    [0.0, 270.0, 225.0, 180.0, 90.0]
    """
    return (360.0 - azimuth_deg) % 360.0


def _apply_position(elements: list[_WorkingElement], position: str, rotation_deg: float,
                    mirrored: bool = False) -> None:
    """Mirror (east ↔ west), then turn party walls on the free side into exterior walls, then
    rotate the row. The free side of ``position`` is a real side (after mirroring): the east
    house of a pair described as its west twin is ``extremite_est`` with ``miroir``."""
    for e in elements:
        if mirrored and e.azimuth_deg is not None:
            e.azimuth_deg = mirror_azimuth_deg(e.azimuth_deg)
    for e in elements:
        if e.boundary == Boundary.ADJACENT_HEATED and e.spec.kind == ElementKind.WALL:
            if position == "isole":
                e.boundary = Boundary.EXTERIOR
            elif position in _FREE_SIDE and e.azimuth_deg is not None:
                if abs(((e.azimuth_deg - _FREE_SIDE[position]) + 180.0) % 360.0 - 180.0) < 45.0:
                    e.boundary = Boundary.EXTERIOR
        if e.azimuth_deg is not None and rotation_deg:
            e.azimuth_deg = (e.azimuth_deg + rotation_deg) % 360.0


def _targets(measure_elements, measure_kinds, elements, where, known_anywhere=()):
    """Elements a measure acts on. A name absent from this typology is an error unless it names
    an element of another typology of the operation (a measure is defined once for the whole
    operation). Party walls to heated dwellings are never insulated."""
    if measure_elements is not None:
        names = {e.spec.name for e in elements}
        unknown = [n for n in measure_elements if n not in names and n not in known_anywhere]
        if unknown:
            raise InputError(f"paroi(s) inconnue(s) dans l'opération : {', '.join(unknown)}",
                             where)
        return [e for e in elements if e.spec.name in measure_elements]
    return [e for e in elements if e.spec.kind in measure_kinds]


def _names_in_operation(op: Operation, attr: str) -> set[str]:
    out: set[str] = set()
    for typ in op.typologies.values():
        out.update(x.name for x in getattr(typ, attr) if x.name)
    return out


def _apply_add_layer(op, m: Measure, elements, where) -> None:
    a = m.add_layer
    targets = _targets(a.elements, a.kinds, elements, where + ".ajoute_couche",
                       _names_in_operation(op, "elements"))
    targets = [e for e in targets if e.boundary != Boundary.ADJACENT_HEATED]
    insulation = _material_layer(op, LayerSpec(materiau=a.material, epaisseur=a.thickness_m),
                                 where + ".ajoute_couche.materiau")
    finish = [_material_layer(op, f, f"{where}.ajoute_couche.parement.{i}")
              for i, f in enumerate(a.finish)]
    for e in targets:
        if a.side == "interieur":
            # interior → exterior order: finish (room side), insulation, then the existing wall
            new = [*finish, insulation]
            e.added_layers_inside = new + e.added_layers_inside
        else:
            new = [insulation, *finish]
            e.added_layers_outside = e.added_layers_outside + new
        if e.layers is None:
            e.extra_resistance_m2k_per_w += sum(x.resistance_m2k_per_w for x in new)
            cap = sum(x.areal_heat_capacity_j_per_m2k for x in new)
            if a.side == "interieur":
                e.extra_capacity_inside_j_per_m2k += cap
            else:
                e.extra_capacity_outside_j_per_m2k += cap


def _apply_measure(op, m_id, m: Measure, state: dict) -> None:
    where = f"mesures.{m_id}"
    elements: list[_WorkingElement] = state["elements"]
    if m.add_layer is not None:
        _apply_add_layer(op, m, elements, where)
    elif m.replace_composition is not None:
        targets = _targets(tuple(m.replace_composition), None, elements,
                           where + ".remplace_composition", _names_in_operation(op, "elements"))
        for e in targets:
            comp_id = m.replace_composition[e.spec.name]
            e.composition = op.compositions[comp_id]
            e.layers = _composition_layers(op, comp_id)
            e.added_layers_inside, e.added_layers_outside = [], []
            e.extra_resistance_m2k_per_w = 0.0
            e.extra_capacity_inside_j_per_m2k = e.extra_capacity_outside_j_per_m2k = 0.0
    elif m.replace_openings is not None:
        r = m.replace_openings
        new_openings = []
        for o in state["openings"]:
            hit = (o.name in r.names) if r.names is not None else (o.kind in r.kinds)
            if hit:
                changes = {"u_value_w_per_m2k": r.u_value_w_per_m2k}
                if r.window_solar_factor is not None or r.g_value is not None:
                    changes["window_solar_factor"] = r.window_solar_factor
                    changes["g_value"] = r.g_value
                if r.frame_fraction is not None:
                    changes["frame_fraction"] = r.frame_fraction
                if r.shutter is not None:
                    changes["shutter"] = r.shutter
                o = o.model_copy(update=changes)
            new_openings.append(o)
        if r.names is not None:
            known = {o.name for o in state["openings"]} | _names_in_operation(op, "openings")
            unknown = [n for n in r.names if n not in known]
            if unknown:
                raise InputError(f"menuiserie(s) inconnue(s) : {', '.join(unknown)}",
                                 where + ".remplace_menuiseries")
        state["openings"] = new_openings
    elif m.replace_bridges is not None:
        known = {b.name for b in state["bridges"]} | _names_in_operation(op, "thermal_bridges")
        unknown = [n for n in m.replace_bridges.bridges if n not in known]
        if unknown:
            raise InputError(f"pont(s) thermique(s) inconnu(s) : {', '.join(unknown)}",
                             where + ".ponts_thermiques")
        state["bridges"] = [
            b.model_copy(update={"psi_w_per_mk": m.replace_bridges.bridges[b.name]})
            if b.name in m.replace_bridges.bridges else b
            for b in state["bridges"]
        ]
    elif m.airtightness is not None:
        state["airtightness"] = m.airtightness
    elif m.ventilation is not None:
        state["ventilation"] = m.ventilation
    elif m.heating is not None:
        state["heating"] = m.heating
    elif m.dhw is not None:
        state["dhw"] = m.dhw


def _opaque_element(e: _WorkingElement, hosted_m2: float, where: str) -> OpaqueElement:
    spec = e.spec
    r_si, r_se = surface_resistances_m2k_per_w(spec.kind, e.boundary)
    if e.layers is not None:
        layers = tuple(e.added_layers_inside) + e.layers + tuple(e.added_layers_outside)
        u = u_value_from_layers_w_per_m2k(layers, r_si, r_se)
        kappa = sum(x.areal_heat_capacity_j_per_m2k for x in layers)
        mass = mass_distribution_from_layers(layers)
    else:
        comp = e.composition
        # U given with standard surface resistances: remove them, add the new layers' R.
        r_total = 1.0 / comp.u_value_w_per_m2k + e.extra_resistance_m2k_per_w
        u = 1.0 / r_total
        kappa = (comp.areal_heat_capacity_j_per_m2k + e.extra_capacity_inside_j_per_m2k
                 + e.extra_capacity_outside_j_per_m2k)
        mass = comp.mass_distribution
        if e.extra_resistance_m2k_per_w > 0:
            if e.extra_capacity_inside_j_per_m2k == 0 and e.added_layers_outside:
                mass = MassDistribution.INTERNAL  # insulation outside: the old mass is inside
            elif e.added_layers_inside and not e.added_layers_outside:
                mass = MassDistribution.EXTERNAL
        layers = None
    area = spec.area_m2 - hosted_m2
    if area <= 0:
        raise InputError("surface nette nulle ou négative après déduction des menuiseries", where)
    b = spec.b_factor if e.boundary == Boundary.UNHEATED else (
        0.0 if e.boundary == Boundary.ADJACENT_HEATED else 1.0)
    return OpaqueElement(
        name=spec.name,
        kind=spec.kind,
        area_m2=area,
        azimuth_deg=e.azimuth_deg if e.azimuth_deg is not None else 0.0,
        tilt_deg=spec.tilt_deg if spec.tilt_deg is not None else _default_tilt_deg(spec.kind),
        boundary=e.boundary,
        u_value_w_per_m2k=u,
        areal_heat_capacity_j_per_m2k=kappa,
        mass_distribution=mass,
        layers=layers,
        b_factor=float(b),
        solar_absorptance=spec.solar_absorptance,
        exposed_perimeter_m=spec.exposed_perimeter_m,
    )


def _window(o: OpeningSpec, host: _WorkingElement | None, index: int) -> list[Window]:
    # a window has the orientation of the wall that hosts it (rotated and mirrored with it)
    azimuth = host.azimuth_deg if (host is not None and host.azimuth_deg is not None) else (
        o.azimuth_deg if o.azimuth_deg is not None else 0.0)
    boundary = host.boundary if host is not None else Boundary.EXTERIOR
    b = host.spec.b_factor if (host is not None and boundary == Boundary.UNHEATED) else 1.0
    if o.g_value is not None:
        g = o.g_value
    elif o.window_solar_factor is not None:
        # Sw includes the frame: Sw = g_gl,n·(1 − F_F) (EN ISO 52016-1:2017 eq. for the window's
        # total solar energy transmittance, frame opaque) → g_gl,n = Sw / (1 − F_F).
        g = min(1.0, o.window_solar_factor / (1.0 - o.frame_fraction))
    else:
        g = 0.0  # opaque door
    name = o.name or f"{o.kind}_{index + 1}"
    return [
        Window(
            name=name if o.count == 1 else f"{name}#{k + 1}",
            area_m2=o.area_m2,
            azimuth_deg=azimuth,
            tilt_deg=o.tilt_deg,
            u_value_w_per_m2k=o.u_value_w_per_m2k,
            g_value=g,
            frame_fraction=o.frame_fraction if o.kind != "porte" else 1.0,
            shutter=o.shutter,
            host=o.host,
            is_door=o.kind == "porte",
            boundary=boundary,
            b_factor=float(b),
        )
        for k in range(o.count)
    ]


def airtightness_from_spec(spec: AirtightnessSpec, volume_m3: float, a_tbat_m2: float,
                           source: str | None = None) -> Airtightness:
    """Express the airtightness in Q4Pa-surf, n50 and q50 from the one given.

    The power law q(Δp) = C·Δp^n links the reference pressures: q50 = q4·(50/4)^n
    (NF EN ISO 9972:2015 §3 power law; FD P50-784 for Q4Pa-surf = q4 / A_Tbat), n50 = q50 / V.

    Examples
    --------
    >>> s = AirtightnessSpec(Q4Pa_surf=1.0)
    >>> a = airtightness_from_spec(s, volume_m3=200.0, a_tbat_m2=150.0)
    >>> round(a.q50_m3_per_h, 2), round(a.n50_per_h, 3)
    (807.91, 4.04)
    """
    n = spec.flow_exponent
    ratio = (P_REF_50_PA / P_REF_Q4_PA) ** n
    if spec.q4pa_surf_m3_per_h_m2 is not None:
        q4 = spec.q4pa_surf_m3_per_h_m2 * a_tbat_m2
        q50 = q4 * ratio
        given = "Q4Pa_surf"
    elif spec.n50_per_h is not None:
        q50 = spec.n50_per_h * volume_m3
        q4 = q50 / ratio
        given = "n50"
    else:
        q50 = float(spec.q50_m3_per_h)
        q4 = q50 / ratio
        given = "q50"
    return Airtightness(
        q4pa_surf_m3_per_h_m2=q4 / a_tbat_m2,
        n50_per_h=q50 / volume_m3,
        q50_m3_per_h=q50,
        flow_exponent=n,
        source=source or given,
    )


def _ventilation(spec: VentilationSpec, living_area_m2: float, where: str) -> Ventilation:
    if spec.extract_airflow_m3_per_h is not None:
        flow, src = spec.extract_airflow_m3_per_h, "saisie"
    elif spec.system in CONVENTIONAL_AIRFLOW_M3_PER_H_M2:
        flow = CONVENTIONAL_AIRFLOW_M3_PER_H_M2[spec.system] * living_area_m2
        src = "débit conventionnel 3CL-DPE 2021 (q_varep,conv × SHAB)"
    else:
        raise InputError("une ventilation double flux demande son « debit_extrait »", where)
    return Ventilation(
        system=spec.system,
        extract_airflow_m3_per_h=flow,
        heat_recovery_efficiency=spec.heat_recovery_efficiency,
        fan_power_w=spec.fan_power_w,
        airflow_source=src,
    )


def _heating(spec: HeatingSpec) -> HeatingSystem:
    return HeatingSystem(
        generator=spec.generator, carrier=spec.carrier,
        generation_efficiency=spec.generation_efficiency,
        emission_efficiency=spec.emission_efficiency,
        distribution_efficiency=spec.distribution_efficiency,
        control_efficiency=spec.control_efficiency,
        emitters=spec.emitters, auxiliary_power_w=spec.auxiliary_power_w,
    )


def _dhw(spec: DhwSpec) -> DhwSystem:
    return DhwSystem(
        generator=spec.generator, carrier=spec.carrier,
        generation_efficiency=spec.generation_efficiency,
        distribution_efficiency=spec.distribution_efficiency,
        storage_volume_l=spec.storage_volume_l, storage_loss_w_per_k=spec.storage_loss_w_per_k,
    )


def _bridge(b: ThermalBridgeSpec) -> ThermalBridge:
    factor = b.b_factor if b.b_factor is not None else (
        0.0 if b.boundary == Boundary.ADJACENT_HEATED else 1.0)
    return ThermalBridge(name=b.name, psi_w_per_mk=b.psi_w_per_mk, length_m=b.length_m,
                         boundary=b.boundary, b_factor=float(factor), f_rsi=b.f_rsi)


def interior_insulation_area_loss_m2(elements: list[_WorkingElement], ceiling_height_m: float,
                                     n_levels: int) -> float:
    """Living area lost to interior insulation: Σ (wall area / (height × levels)) × thickness,
    i.e. the wall length on plan times the added thickness, per level [DERIVED: geometry]."""
    loss = 0.0
    for e in elements:
        if e.spec.kind != ElementKind.WALL or not e.added_layers_inside:
            continue
        added = sum(x.thickness_m for x in e.added_layers_inside)
        length_per_level = e.spec.area_m2 / (ceiling_height_m * n_levels)
        loss += length_per_level * added * n_levels
    return loss


def resolve_building(
    op: Operation,
    typology_id: str,
    scenario_id: str = INITIAL_STATE,
    dwelling_id: str | None = None,
    airtightness_override: Airtightness | None = None,
) -> BuildingModel:
    """Resolve one typology (or one dwelling) in one scenario into a flat BuildingModel.

    Parameters
    ----------
    op : Operation
    typology_id : str
    scenario_id : str
        ``"etat_initial"`` or a key of ``op.scenarios``.
    dwelling_id : str, optional
        A dwelling of this typology: its position, rotation and living area are applied.
        Without it the typology is taken as a middle-of-row dwelling as described.
    airtightness_override : Airtightness, optional
        Measured airtightness replacing the scenario's (as-built recalculation).
    """
    if typology_id not in op.typologies:
        raise InputError(f"typologie inconnue « {typology_id} »", "typologies")
    if scenario_id != INITIAL_STATE and scenario_id not in op.scenarios:
        raise InputError(f"scénario inconnu « {scenario_id} » (scénarios : "
                         f"{', '.join(op.scenario_ids)})", "scenarios")
    typ: Typology = op.typologies[typology_id]
    dwelling = None
    if dwelling_id is not None:
        try:
            dwelling = op.dwelling(dwelling_id)
        except KeyError:
            raise InputError(f"logement inconnu « {dwelling_id} »", "logements") from None
        if dwelling.typology != typology_id:
            raise InputError(f"le logement « {dwelling_id} » est de typologie "
                             f"« {dwelling.typology} », pas « {typology_id} »", "logements")

    elements = [
        _WorkingElement(e, _composition_layers(op, e.composition), op.compositions[e.composition])
        for e in typ.elements
    ]
    if dwelling is not None:
        _apply_position(elements, dwelling.position, dwelling.rotation_deg, dwelling.mirrored)
    state = {
        "elements": elements,
        "openings": list(typ.openings),
        "bridges": list(typ.thermal_bridges),
        "airtightness": typ.airtightness,
        "ventilation": typ.ventilation,
        "heating": typ.heating,
        "dhw": typ.dhw,
    }
    applied = []
    measures = op.scenarios[scenario_id].measures if scenario_id != INITIAL_STATE else ()
    for m_id in measures:
        m = op.measures[m_id]
        if m.typologies is not None and typology_id not in m.typologies:
            continue
        _apply_measure(op, m_id, m, state)
        applied.append(m_id)

    by_name = {e.spec.name: e for e in elements}
    hosted: dict[str, float] = {}
    windows: list[Window] = []
    for i, o in enumerate(state["openings"]):
        host = by_name.get(o.host) if o.host else None
        windows.extend(_window(o, host, i))
        if o.host:
            hosted[o.host] = hosted.get(o.host, 0.0) + o.area_m2 * o.count
    rot = dwelling.rotation_deg if dwelling is not None else 0.0
    mirrored = dwelling is not None and dwelling.mirrored
    if rot or mirrored:
        def moved(az: float) -> float:
            return ((mirror_azimuth_deg(az) if mirrored else az) + rot) % 360.0

        windows = [replace(w, azimuth_deg=moved(w.azimuth_deg)) if w.host is None else w
                   for w in windows]
    opaque = tuple(
        _opaque_element(e, hosted.get(e.spec.name, 0.0),
                        f"typologies.{typology_id}.parois « {e.spec.name} »")
        for e in elements
    )

    living = dwelling.living_area_m2 if (dwelling and dwelling.living_area_m2) else (
        typ.living_area_m2)
    scale = living / typ.living_area_m2
    loss = interior_insulation_area_loss_m2(elements, typ.ceiling_height_m, typ.n_levels)
    living_after = living - loss * scale
    shon = typ.shon_rt_resolved_m2 * scale
    volume = (typ.heated_volume_m3 * scale) if typ.heated_volume_m3 else (
        living_after * typ.ceiling_height_m)
    areas = Areas(
        living_area_m2=living_after,
        shon_rt_m2=shon,
        shon_rt_source="saisie" if typ.shon_rt_m2 is not None else (
            f"SHAB × {typ.shon_to_living_ratio} (ratio_shon_shab de la typologie)"),
        heated_volume_m3=volume,
        ceiling_height_m=typ.ceiling_height_m,
        n_main_rooms=typ.n_main_rooms,
        n_levels=typ.n_levels,
    )
    air = airtightness_override or airtightness_from_spec(
        state["airtightness"], volume, envelope_area_a_tbat_m2(opaque, tuple(windows)))
    return BuildingModel(
        operation=op.identity.name,
        typology=typology_id,
        scenario=scenario_id,
        dwelling_id=dwelling_id,
        areas=areas,
        opaque=opaque,
        windows=tuple(windows),
        thermal_bridges=tuple(_bridge(b) for b in state["bridges"]),
        airtightness=air,
        ventilation=_ventilation(state["ventilation"], living_after,
                                 f"typologies.{typology_id}.ventilation"),
        heating=_heating(state["heating"]),
        dhw=_dhw(state["dhw"]),
        applied_measures=tuple(applied),
    )


def resolve_operation(op: Operation, scenarios: tuple[str, ...] | None = None,
                      per_dwelling: bool = False) -> list[BuildingModel]:
    """All (typology or dwelling) × scenario models of an operation, in a stable order."""
    out = []
    for sid in scenarios or op.scenario_ids:
        for tid in op.typologies:
            if per_dwelling:
                for d in op.dwellings_of(tid):
                    out.append(resolve_building(op, tid, sid, d.id))
            else:
                out.append(resolve_building(op, tid, sid))
    return out
