"""Th-C-E-ex-style conventional calculation: the single-capacity hourly model of EN ISO 13790:2008
Annex C (5R1C) with French conventions, batched over dwellings.

Modules
-------
rc5
    The 5R1C model: coefficients, gain split, Crank–Nicolson step, heating/cooling to set-point,
    vectorised over a batch of buildings.
infiltration
    Infiltration airflow from Q4Pa-surf (two documented models).
systems
    DHW need, lighting, auxiliaries, storage losses of the conventional calculation.
ubat
    Ubât, Ubât-base and Ubât-max of the arrêté du 13 juin 2008, article 44.
"""
