"""The zorgtoeslag 2025 (laws/zorgtoeslag) as an OpenFisca model, for benchmarks/compile.py.

Written by hand after the rules (art-01/02/03 and awir .rgs.md) and the hand-written numpy formula in
compile.py: one OpenFisca variable per attribute, the parameters of Zorgtoeslag 2025 in OpenFisca's
parameter tree, the toeslagpartnerschap as a group entity with the roles aanvrager and toeslagpartner (a
person without partner is alone in a group, role alleenstaande). Amounts are int64 integers like ours
(cents; percentages in thousandths of a percent), so the rounding is the same (rekenkundig: half away from
zero; every value rounded here is >= 0) and the amounts can be compared exactly.

Needs `openfisca-core` (the optional `bench` extra: pip install '.[bench]'); importing this module without
it raises ImportError, which compile.py reports as a skipped line.
"""
from __future__ import annotations

from datetime import date

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

# laws/zorgtoeslag/parameters.rgs, Zorgtoeslag 2025 (from 01-01-2025): cents, thousandths of a percent, years
PARAMETERS = {
    "leeftijdsgrens": 18, "drempelinkomen": 2_840_600, "standaardpremie": 211_200,
    "percentage_drempelinkomen_alleenstaande": 1_896, "percentage_drempelinkomen_met_toeslagpartner": 4_273,
    "percentage_toetsingsinkomen": 13_700, "vermogensgrens_alleenstaande": 14_189_600,
    "vermogensgrens_met_toeslagpartner": 17_942_900, "ondergrens_uitbetaling": 2_400,
}

Persoon = build_entity(key="persoon", plural="personen", label="Persoon", is_person=True)
Partnerschap = build_entity(key="partnerschap", plural="partnerschappen", label="Toeslagpartnerschap", roles=[
    {"key": "aanvrager", "max": 1}, {"key": "toeslagpartner", "max": 1}, {"key": "alleenstaande", "max": 1}])
ORDINAL_ONE = np.datetime64("0001-01-01", "D")         # day 1 of date.toordinal()


class Cents(Variable):
    """An amount in cents (or smaller units) as int64: OpenFisca's int is int32, and the vermogens of the
    benchmark population (up to ~10^10 cents) do not fit in it. (OpenFisca reads value_type, entity and
    definition_period from each variable class itself, so every subclass states them.)"""

    def __init__(self, baseline_variable=None):
        super().__init__(baseline_variable)
        self.dtype = np.int64


def _input(name: str, value_type, period=DateUnit.YEAR) -> type:
    attributes = {"value_type": value_type, "entity": Persoon, "definition_period": period, "label": name}
    return type(name, (Cents if value_type is int else Variable,), attributes)


class meerderjarigheidsdatum(Variable):
    """Wzt art. 1 lid 1 onderdeel c: the first day of the month after the 18th birthday."""
    value_type, entity, definition_period = date, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        born = persoon("geboortedatum", period)
        months = 12 * parameters(period).zorgtoeslag.leeftijdsgrens + 1
        return (born.astype("datetime64[M]") + months).astype("datetime64[D]")


class meerderjarig(Variable):
    value_type, entity, definition_period = bool, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        return np.datetime64(period.start.date) >= persoon("meerderjarigheidsdatum", period)


class is_aanvrager(Variable):
    value_type, entity, definition_period = bool, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        return persoon.has_role(Partnerschap.AANVRAGER)


def _partner(persoon, name: str, period):
    """The value of the aanvrager's toeslagpartner (0 / False for everyone else)."""
    value = persoon.partnerschap.value_from_person(persoon(name, period), role=Partnerschap.TOESLAGPARTNER)
    return np.where(persoon("is_aanvrager", period), value, 0)        # the projector gives it to every member


class gezamenlijk_toetsingsinkomen(Cents):
    """Wzt art. 2 lid 3 (cents)."""
    value_type, entity, definition_period = int, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        return persoon("toetsingsinkomen", period) + _partner(persoon, "toetsingsinkomen", period)


class gezamenlijke_rendementsgrondslag(Cents):
    """Wzt art. 3 lid 1 (cents)."""
    value_type, entity, definition_period = int, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        return persoon("rendementsgrondslag", period) + _partner(persoon, "rendementsgrondslag", period)


class normpremie(Cents):
    """Wzt art. 2 lid 2 en 3 (cents), rekenkundig afgerond."""
    value_type, entity, definition_period = int, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        p = parameters(period).zorgtoeslag
        aanvrager = persoon("is_aanvrager", period)
        percentage = np.where(aanvrager, p.percentage_drempelinkomen_met_toeslagpartner,
                              p.percentage_drempelinkomen_alleenstaande)
        boven = np.maximum(persoon("gezamenlijk_toetsingsinkomen", period) - p.drempelinkomen, 0)
        premie = percentage * p.drempelinkomen + p.percentage_toetsingsinkomen * boven     # 10^-7 euro
        return (premie + 50_000) // 100_000


class berekende_zorgtoeslag(Cents):
    """Wzt art. 2 lid 1 en 4 (ten-thousandths of a euro: 50% of an amount in cents)."""
    value_type, entity, definition_period = int, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        p = parameters(period).zorgtoeslag
        premie = persoon("normpremie", period)
        dubbel = np.maximum(2 * p.standaardpremie - premie, 0)
        verzekerde_partner = _partner(persoon, "verzekerd", period).astype(bool)
        return np.where(persoon("is_aanvrager", period),
                        np.where(verzekerde_partner, dubbel * 100, dubbel * 50),
                        np.maximum(p.standaardpremie - premie, 0) * 100)


class afgeronde_zorgtoeslag(Cents):
    """Awir art. 14 lid 4 (euro), rekenkundig afgerond."""
    value_type, entity, definition_period = int, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        return (persoon("berekende_zorgtoeslag", period) + 5_000) // 10_000


class recht_op_zorgtoeslag(Variable):
    """Wzt art. 1 lid 1 onderdeel c, art. 2 lid 1, art. 3 lid 1."""
    value_type, entity, definition_period = bool, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        p = parameters(period).zorgtoeslag
        grens = np.where(persoon("is_aanvrager", period), p.vermogensgrens_met_toeslagpartner,
                         p.vermogensgrens_alleenstaande)
        return (persoon("verzekerd", period) * persoon("meerderjarig", period)
                * np.logical_not(persoon.has_role(Partnerschap.TOESLAGPARTNER))
                * (persoon("gezamenlijke_rendementsgrondslag", period) <= grens))


class zorgtoeslag(Cents):
    """Wzt art. 2 lid 1, Awir art. 14 lid 5 (euro)."""
    value_type, entity, definition_period = int, Persoon, DateUnit.YEAR

    def formula(persoon, period, parameters):
        p = parameters(period).zorgtoeslag
        afgerond = persoon("afgeronde_zorgtoeslag", period)
        return np.where(persoon("recht_op_zorgtoeslag", period) * (afgerond * 100 >= p.ondergrens_uitbetaling),
                        afgerond, 0)


def system() -> TaxBenefitSystem:
    """The tax-benefit system: entities, input and formula variables, the 2025 parameters."""
    tbs = TaxBenefitSystem([Persoon, Partnerschap])
    for name, value_type, period in (("geboortedatum", date, DateUnit.ETERNITY), ("toetsingsinkomen", int, None),
                                     ("rendementsgrondslag", int, None), ("verzekerd", bool, None)):
        tbs.add_variable(_input(name, value_type, period or DateUnit.YEAR))
    for variable in (meerderjarigheidsdatum, meerderjarig, is_aanvrager, gezamenlijk_toetsingsinkomen,
                     gezamenlijke_rendementsgrondslag, normpremie, berekende_zorgtoeslag, afgeronde_zorgtoeslag,
                     recht_op_zorgtoeslag, zorgtoeslag):
        tbs.add_variable(variable)
    tbs.parameters = ParameterNode("", data={"zorgtoeslag": {
        name: {"values": {"2025-01-01": value}} for name, value in PARAMETERS.items()}})
    return tbs


def simulation(tbs: TaxBenefitSystem, a: dict):
    """A simulation of the benchmark arrays (compile.arrays): every couple one group, everyone else alone."""
    n = a["n"]
    group = np.arange(n)                                  # alone: a group of one
    group[a["partner"]] = a["aanvrager"]                  # the toeslagpartner joins the aanvrager's group
    role = np.full(n, 2)
    role[a["aanvrager"]] = 0
    role[a["partner"]] = 1
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("persoon", np.arange(n))
    groups = builder.declare_entity("partnerschap", np.unique(group))
    builder.join_with_persons(groups, group, role)
    sim = builder.build(tbs)
    sim.set_input("geboortedatum", "2025-01-01", ORDINAL_ONE + (a["born"] - 1))       # day numbers as in date.toordinal
    for name, key in (("toetsingsinkomen", "inkomen"), ("rendementsgrondslag", "vermogen"), ("verzekerd", "verzekerd")):
        sim.set_input(name, "2025", a[key])
    return sim


def compute(tbs: TaxBenefitSystem, a: dict) -> dict:
    """The outputs compile.handwritten gives, computed by OpenFisca."""
    sim = simulation(tbs, a)
    out = {name: sim.calculate(name, "2025") for name in (
        "normpremie", "berekende_zorgtoeslag", "afgeronde_zorgtoeslag", "zorgtoeslag", "gezamenlijk_toetsingsinkomen",
        "recht_op_zorgtoeslag", "meerderjarig")}
    out["meerderjarigheidsdatum"] = (sim.calculate("meerderjarigheidsdatum", "2025") - ORDINAL_ONE).astype(np.int64) + 1
    return out
