"""Scenario files for `regels simulate`: pydantic models, loading, and Dutch messages that name the field.

In: a YAML (or JSON) file.  Out: a frozen ``Scenario`` with the laws, the rekendatum or the projection years,
the population (a generator of named distributions, or a CSV/Parquet file), the variants and what to report.
Checks that need the laws (attribute and parameter names) are in ``plan.py``; this module only checks shape.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from ..cases import FileData, read_date, read_file
from ..diagnostics import did_you_mean
from ..errors import ScenarioError
from ..evaluate.values import parse_date

MAX_PERSONS = 1_000_000_000   # a population larger than this does not fit in memory, nor in a day of computing
_STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
_T = TypeVar("_T")


def required(value: _T | None, field: str) -> _T:
    """A field that the checks (the validators here, and make_job) demand where it is used; ScenarioError should
    the checks ever let it through without one."""
    if value is None:
        raise ScenarioError([f"veld '{field}' ontbreekt"])
    return value


class Distribution(BaseModel):
    """How one attribute (or the age) is drawn. Exactly one form: `waarde`, `kans` (kenmerk), or `verdeling`."""
    model_config = _STRICT
    verdeling: Literal["uniform", "normaal", "lognormaal", "keuze", "tabel", "poisson"] | None = Field(
        default=None, description="uniform (van, tot), normaal (gemiddelde, sd), lognormaal (mediaan, sigma), "
                                  "keuze (waarden, kansen), tabel (klassen [van, tot, gewicht]), poisson (gemiddelde)")
    waarde: Any = Field(default=None, description="een vaste waarde voor iedereen")
    kans: float | None = Field(default=None, ge=0, le=1, description="kans op waar (kenmerk of waar/onwaar)")
    van: float | None = None
    tot: float | None = None
    gemiddelde: float | None = None
    sd: float | None = Field(default=None, ge=0)
    mediaan: float | None = Field(default=None, gt=0)
    sigma: float | None = Field(default=None, ge=0)
    waarden: list[Any] | None = None
    kansen: list[float] | None = None
    klassen: list[tuple[float, float, float]] | None = Field(
        default=None, description="[van, tot, gewicht] per klasse; binnen een klasse gelijk verdeeld")
    nul: float = Field(default=0, ge=0, le=1, description="aandeel met precies 0")
    leeg: float = Field(default=0, ge=0, le=1, description="aandeel zonder waarde (leeg)")
    min: float | None = None
    max: float | None = None
    afronden: int | None = Field(default=None, ge=0, le=6,
                                 description="aantal decimalen (standaard: die van het attribuut)")
    per: Conditional | None = Field(default=None, description="andere parameters per klasse van een ander attribuut")
    voor: Literal["iedereen", "volwassenen", "hoofd", "partner", "kind"] = Field(
        default="volwassenen", description="wie deze waarde krijgt; de anderen krijgen leeg (kenmerk: onwaar)")
    partner: Literal["eigen", "gelijk"] = Field(
        default="eigen",
        description="eigen: de partner trekt een eigen waarde; gelijk: de partner krijgt die van het hoofd")

    @model_validator(mode="after")
    def _one_form(self):
        forms = [self.verdeling is not None, self.waarde is not None, self.kans is not None]
        if sum(forms) != 1:
            raise ValueError("geef precies één van 'verdeling', 'waarde' of 'kans'")
        need = {"uniform": ("van", "tot"), "normaal": ("gemiddelde", "sd"), "lognormaal": ("mediaan", "sigma"),
                "keuze": ("waarden", "kansen"), "tabel": ("klassen",), "poisson": ("gemiddelde",)}
        for key in need.get(self.verdeling or "", ()):
            if getattr(self, key) is None:
                raise ValueError(f"verdeling '{self.verdeling}' heeft '{key}' nodig")
        if self.waarden is not None and self.kansen is not None and len(self.waarden) != len(self.kansen):
            raise ValueError("'waarden' en 'kansen' moeten even lang zijn")
        if self.kansen is not None and (any(k < 0 for k in self.kansen) or sum(self.kansen) <= 0):
            raise ValueError("'kansen' moeten niet-negatief zijn en samen meer dan 0")
        if self.klassen is not None and (not self.klassen or any(t <= v or w < 0 for v, t, w in self.klassen)):
            raise ValueError("elke klasse is [van, tot, gewicht] met tot groter dan van en gewicht niet negatief")
        if self.nul + self.leeg > 1:
            raise ValueError("'nul' en 'leeg' samen mogen niet meer dan 1 zijn")
        if self.voor == "partner" and self.partner == "gelijk":
            raise ValueError("'partner: gelijk' geeft de partner de waarde van het hoofd, maar met 'voor: partner' "
                             "heeft het hoofd geen waarde; kies 'voor: hoofd' of 'partner: eigen'")
        for band in self.per.klassen if self.per is not None else ():
            _check_band(self, band)
        return self


_NOT_PER_CLASS = ("per", "voor", "partner")


def _check_band(dist: "Distribution", band: "Band") -> None:
    """A class of `per` may change only distribution parameters, and the result must be a valid distribution."""
    extra = dict(band.model_extra or {})
    allowed = [f for f in Distribution.model_fields if f not in _NOT_PER_CLASS]
    for key in extra:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise ValueError(f"klasse {band.van:g}–{band.tot:g}: '{key}' kan niet per klasse verschillen"
                             + (f" (bedoelde u '{hint}'?)" if hint else ""))
    try:
        class_distribution(dist, band)
    except ValidationError as e:
        raise ValueError(f"klasse {band.van:g}–{band.tot:g}: {_problem(e.errors()[0], Distribution)}") from None


def class_distribution(dist: "Distribution", band: "Band") -> "Distribution":
    """The distribution within one `per` class: the base with the class's fields; a class that names a form
    (verdeling, waarde or kans) drops the base's other forms.  Raises ValidationError when that is invalid."""
    extra = dict(band.model_extra or {})
    merged = {**dist.model_dump(exclude={"per"}), **extra}
    if "verdeling" in extra or "waarde" in extra or "kans" in extra:
        for form in ("verdeling", "waarde", "kans"):
            if form not in extra:
                merged[form] = None
    return Distribution.model_validate(merged)


class Band(BaseModel):
    """One class of the conditioning attribute [van, tot) with the parameters that differ there."""
    model_config = ConfigDict(extra="allow", frozen=True)
    van: float = Field(description="ondergrens (inclusief)")
    tot: float = Field(description="bovengrens (exclusief)")

    @model_validator(mode="after")
    def _order(self):
        if self.tot <= self.van:
            raise ValueError(f"klasse {self.van:g}–{self.tot:g}: 'tot' moet groter zijn dan 'van'")
        return self


class Conditional(BaseModel):
    """Parameters of a distribution per class of another (earlier) attribute, e.g. income per age class."""
    model_config = _STRICT
    attribuut: str = Field(description="'leeftijd' of een eerder getrokken getal-attribuut")
    klassen: list[Band]


class Partners(BaseModel):
    """Household structure: who has a partner, the partner's age, the fact type that links them."""
    model_config = _STRICT
    feittype: str = Field(description="het feittype dat de partners verbindt, bv. toeslagpartnerschap")
    kans: float | None = Field(default=None, ge=0, le=1, description="kans op een partner (voor volwassenen)")
    kans_per_leeftijd: list[tuple[float, float, float]] | None = Field(
        default=None, description="[van, tot, kans] per leeftijdsklasse van het hoofd")
    leeftijdsverschil: Distribution | None = Field(
        default=None, description="leeftijd van het hoofd min die van de partner, in jaren (niet bij een bestand)")
    minimumleeftijd: float = Field(default=18, ge=0, le=120, description="partners zijn minstens zo oud; een hoofd "
                                                                         "dat jonger is, krijgt geen partner")
    maximumleeftijd: float | None = Field(default=None, gt=0, le=121, description="partners zijn jonger dan dit (bv. "
                                                                                  "onder de AOW-leeftijd)")

    @model_validator(mode="after")
    def _chance(self):
        if self.kans is not None and self.kans_per_leeftijd is not None:
            raise ValueError("geef 'kans' of 'kans_per_leeftijd', niet beide")
        if self.maximumleeftijd is not None and self.maximumleeftijd <= self.minimumleeftijd:
            raise ValueError("'maximumleeftijd' moet groter zijn dan 'minimumleeftijd'")
        return self


class Children(BaseModel):
    """Children in the household (persons under 18); they count as persons but get no adult attributes."""
    model_config = _STRICT
    aantal: Distribution = Field(description="aantal kinderen per huishouden met een hoofd van 20 tot 50 jaar")


class Population(BaseModel):
    """The persons: generated from named distributions (`leeftijd`, `partners`, `attributen`) or read from a file."""
    model_config = _STRICT
    omvang: int = Field(gt=0, description="aantal personen (bij een bestand: hoogstens zoveel rijen)")
    zaad: int = Field(default=0, ge=0, description="startgetal van de toevalsgenerator; zelfde zaad, zelfde bevolking")
    objecttype: str = "Persoon"
    geboortedatum: str = Field(default="geboortedatum", description="het attribuut met de geboortedatum")
    leeftijd: Distribution | None = Field(default=None, description="leeftijd in jaren op de eerste rekendatum")
    partners: Partners | None = None
    kinderen: Children | None = None
    attributen: dict[str, Distribution] = Field(default_factory=dict)
    bestand: str | None = Field(default=None, description="CSV- of Parquet-bestand met een rij per persoon (kolom "
                                                          "'id', eventueel 'partner' met het id van de partner)")

    @model_validator(mode="after")
    def _source(self):
        if self.omvang > MAX_PERSONS:          # checked here, not in the field: the published schema stays as it is
            raise ValueError(f"'omvang' is hoogstens {MAX_PERSONS:_} personen".replace("_", "."))
        if self.bestand is None and self.leeftijd is None:
            raise ValueError("geef 'leeftijd' (een verdeling) of een 'bestand' met personen")
        if self.leeftijd is not None and self.leeftijd.per is not None:
            raise ValueError("'leeftijd' kan niet 'per' klasse van iets anders verschillen: zij wordt als eerste "
                             "getrokken")
        for name, dist in (("partners.leeftijdsverschil", self.partners and self.partners.leeftijdsverschil),
                           ("kinderen.aantal", self.kinderen and self.kinderen.aantal)):
            if dist is not None and dist.per is not None and dist.per.attribuut.lower() != "leeftijd":
                raise ValueError(f"'{name}' kan alleen 'per' leeftijd (van het hoofd) verschillen")
        p = self.partners
        if self.bestand is None and p is not None and (p.leeftijdsverschil is None or
                                                       (p.kans is None and p.kans_per_leeftijd is None)):
            raise ValueError("'partners' vraagt 'leeftijdsverschil' en 'kans' (of 'kans_per_leeftijd')")
        return self


class Mortality(BaseModel):
    """Yearly death probability by age: Gompertz q(x) = a·e^(b·x), or a table age → probability."""
    model_config = _STRICT
    model: Literal["gompertz", "tabel"] = "gompertz"
    a: float | None = Field(default=None, gt=0)
    b: float | None = Field(default=None, gt=0)
    tabel: dict[int, float] | None = None

    @model_validator(mode="after")
    def _form(self):
        if self.model == "gompertz" and (self.a is None or self.b is None):
            raise ValueError("sterftemodel 'gompertz' heeft 'a' en 'b' nodig")
        if self.model == "tabel" and not self.tabel:
            raise ValueError("sterftemodel 'tabel' heeft een 'tabel' leeftijd: kans nodig")
        if self.tabel and any(not 0 <= q <= 1 for q in self.tabel.values()):
            raise ValueError("een sterftekans ligt tussen 0 en 1")
        return self


class ParameterProjection(BaseModel):
    """What a year outside every parameter set uses: an error, or the nearest set's values, amounts indexed."""
    model_config = _STRICT
    buiten_bereik: Literal["fout", "dichtstbijzijnde"] = "fout"
    indexatie: float = Field(default=0,
                             description="procent per jaar voor bedragen (€) vanaf de dichtstbijzijnde set")


class Projection(BaseModel):
    """Years to run; between years the population ages (birth dates fixed), dies, and incomes are uprated."""
    model_config = _STRICT
    van: int = Field(ge=1900, le=2200)
    tot: int = Field(ge=1900, le=2200, description="laatste jaar (inclusief)")
    peildatum: str = Field(default="01-01", description="dag en maand van de rekendatum in elk jaar (DD-MM)")
    sterfte: Mortality | None = None
    indexatie: dict[str, float] = Field(default_factory=dict, description="attribuut: procent groei per jaar")
    parameters: ParameterProjection = ParameterProjection()
    bij_overlijden_partner: dict[str, Any] = Field(
        default_factory=dict, description="waarden die de achterblijvende partner krijgt (bv. is gehuwd: onwaar)")

    @model_validator(mode="after")
    def _years(self):
        if self.tot < self.van:
            raise ValueError("'tot' ligt voor 'van'")
        try:
            parse_date(f"{self.peildatum}-2001")
        except ValueError:
            raise ValueError(f"peildatum '{self.peildatum}' is geen dag en maand (DD-MM)") from None
        return self


class Variant(BaseModel):
    """A baseline or reform: parameter overrides, other law folders, or inputs set for everyone."""
    model_config = _STRICT
    naam: str
    beschrijving: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, description="parameternaam: waarde (geldt elk jaar)")
    wetten: list[str] | None = Field(default=None, description="andere wetmappen dan die van het scenario")
    invoer: dict[str, Any] = Field(default_factory=dict, description="attribuut of kenmerk: waarde voor iedereen "
                                                                      "die het attribuut heeft")


class Result(BaseModel):
    """An attribute or kenmerk to aggregate; `factor` turns it into a yearly amount (12 for €/mnd)."""
    model_config = _STRICT
    attribuut: str
    factor: int = Field(default=1, ge=1, description="vermenigvuldiging voor het jaarbedrag (12 voor maandbedragen)")
    soort: Literal["ontvangst", "betaling"] = Field(
        default="ontvangst", description="ontvangst: meer is winst voor de persoon (toeslag); betaling: meer is "
                                         "verlies (belasting)")


class Grouping(BaseModel):
    """A grouping for the tables: by `leeftijd`, `partner` (with or without), or an attribute in classes."""
    model_config = _STRICT
    naam: str
    attribuut: str = Field(description="'leeftijd', 'partner' of een attribuut/kenmerk")
    grenzen: list[float] | None = Field(default=None, description="klassegrenzen voor een getal, oplopend")

    @field_validator("grenzen")
    @classmethod
    def _increasing(cls, v):
        if v is not None and any(b <= a for a, b in zip(v, v[1:])):
            raise ValueError("de grenzen moeten oplopen, elke grens één keer")
        return v


class Output(BaseModel):
    model_config = _STRICT
    resultaten: list[str | Result] = Field(min_length=1)
    groepen: list[Grouping] = Field(default_factory=list)
    histogram_klassen: int = Field(default=30, ge=2, le=200)
    per_persoon: bool = Field(default=False, description="per persoon een Parquet-bestand met de resultaten")

    @field_validator("groepen")
    @classmethod
    def _unique_names(cls, v):
        names = [g.naam.lower() for g in v]
        if len(set(names)) != len(names):
            raise ValueError("elke groepering heeft een eigen naam")
        return v
    bij_fout: Literal["stoppen", "doorgaan"] = Field(
        default="doorgaan", description="een persoon waarvoor een regel faalt: stop de run, of tel en ga door")

    def results(self) -> list[Result]:
        return [Result(attribuut=r) if isinstance(r, str) else r for r in self.resultaten]


class BuyOut(BaseModel):
    """A buy-out business case for a closing scheme: the present value of the remaining payments plus the
    yearly cost of running the scheme, against a one-time payment per remaining recipient."""
    model_config = _STRICT
    resultaat: str = Field(description="het resultaat waarvan de betalingen worden afgekocht")
    variant: str | None = Field(default=None, description="standaard de eerste variant")
    vanaf: int = Field(description="het jaar van de afkoop")
    rentevoet: float = Field(description="disconteringsvoet in procent per jaar")
    uitvoeringskosten_per_jaar: float = Field(ge=0, description="vaste kosten per jaar zolang iemand ontvangt")
    eenmalige_betaling: float | None = Field(
        default=None, ge=0, description="eenmalig bedrag per ontvanger; leeg: het break-evenbedrag wordt berekend")


class Scenario(BaseModel):
    """A simulation: laws, rekendatum or projection, population, variants, outputs."""
    model_config = _STRICT
    naam: str
    beschrijving: str = ""
    aannames: list[str] = Field(default_factory=list, description="aannames in woorden; ze staan in het rapport")
    wetten: list[str] = Field(min_length=1, description="wetmappen, relatief ten opzichte van het scenariobestand")
    parameters: dict[str, Any] = Field(default_factory=dict, description="parameterwaarden voor alle varianten, "
                                                                          "bv. een geraamde waarde die nog leeg is")
    rekendatum: date | None = None
    projectie: Projection | None = None
    populatie: Population
    varianten: list[Variant] = Field(default_factory=lambda: [Variant(naam="basis")])
    uitvoer: Output
    afkoop: BuyOut | None = None
    blok: int = Field(default=1 << 16, ge=256,
                      description="personen per toevalsblok (hetzelfde blok, dezelfde personen)")

    @field_validator("rekendatum", mode="before")
    @classmethod
    def _date(cls, v):
        return None if v is None else read_date(v)

    @model_validator(mode="after")
    def _when(self):
        if (self.rekendatum is None) == (self.projectie is None):
            raise ValueError("geef een 'rekendatum' of een 'projectie' (van, tot), niet beide")
        names = [v.naam for v in self.varianten]
        if len(set(names)) != len(names):
            raise ValueError("elke variant heeft een eigen naam")
        if not names:
            raise ValueError("geef minstens één variant")
        return self

    def dates(self) -> list[date]:
        """The rekendatum of every year that is computed."""
        if self.rekendatum is not None:
            return [self.rekendatum]
        p = self.projectie
        if p is None:                        # _when: a scenario has a rekendatum or a projectie
            raise ValueError("een scenario zonder 'rekendatum' en zonder 'projectie'")
        return [parse_date(f"{p.peildatum}-{y}") for y in range(p.van, p.tot + 1)]


Distribution.model_rebuild()

_WORDS = {"missing": "ontbreekt", "extra_forbidden": "is geen bekend veld",
          "float_parsing": "moet een getal zijn", "float_type": "moet een getal zijn",
          "int_parsing": "moet een geheel getal zijn", "int_type": "moet een geheel getal zijn",
          "int_from_float": "moet een geheel getal zijn", "string_type": "moet tekst zijn",
          "list_type": "moet een lijst zijn", "dict_type": "moet een object met velden zijn",
          "model_type": "moet een object met velden zijn", "bool_parsing": "moet waar of onwaar zijn",
          "too_short": "is te kort", "tuple_type": "moet een lijst [van, tot, gewicht] zijn"}


def _problem(err: ErrorDetails, model: type[BaseModel]) -> str:
    loc = ".".join(str(x) for x in err["loc"] if not str(x).startswith(("function-", "union[")))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        text = str(ctx.get("error", err["msg"]))
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        word = {"greater_than": "groter dan", "greater_than_equal": "minstens", "less_than": "kleiner dan",
                "less_than_equal": "hoogstens"}[kind]
        text = f"moet {word} {next(iter(ctx.values()))} zijn"
    elif kind == "literal_error":
        text = f"moet een van deze zijn: {ctx.get('expected', '')}".replace("'", "")
    else:
        text = _WORDS.get(kind, "is ongeldig")
    if kind == "extra_forbidden":
        hint = did_you_mean(str(err["loc"][-1]), _field_names(model, err["loc"][:-1]))
        if hint:
            text += f" (bedoelde u '{hint}'?)"
    return f"veld '{loc}' {text}" if loc else text


def _field_names(model: type[BaseModel], loc) -> list[str]:
    """The field names at a location (for 'bedoelde u …?'); empty when the path leaves the models."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        current = None
        if field is not None:
            for cand in (field.annotation, *getattr(field.annotation, "__args__", ())):
                for inner in (cand, *getattr(cand, "__args__", ())):
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        current = inner
    return list(getattr(current, "model_fields", {})) if current is not None else []


def parse_scenario(data: Any, name: str = "scenario", source: FileData | None = None) -> Scenario:
    """Validate raw scenario data; errors become Dutch messages with the field path (and the line, when `source`
    has it)."""
    if not isinstance(data, dict):
        line = source.line(()) if source is not None else None
        raise ScenarioError([f"{name}{f':{line}' if line else ''}: verwacht velden als 'naam', 'wetten', 'populatie' "
                             f"en 'uitvoer'"])
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            line = source.line([x for x in err["loc"] if not str(x).startswith(("function-", "union["))]) \
                if source is not None else None
            problems.append(f"{name}{f':{line}' if line else ''}: {_problem(err, Scenario)}")
        raise ScenarioError(problems) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a YAML or JSON scenario file (dates stay text until validated)."""
    try:
        read = read_file(path, "scenariobestand")
    except ValueError as e:
        raise ScenarioError([str(e)]) from None
    return parse_scenario(read.data, str(Path(path)), read)


def scenario_schema() -> dict:
    """The JSON Schema of scenario files (published in docs/scenario-schema.json)."""
    return Scenario.model_json_schema()
