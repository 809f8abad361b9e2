"""Regels gecompileerd naar Python door regelspraak (backends/python.py). Niet met de hand wijzigen.

Gebruik: run(population, rekendatum, parameterset=None) geeft een rt.Run met .memo, .value(),
.findings en .fired, precies zoals interpreter.Evaluation; MODEL beschrijft de objecttypen voor
casussen (cases.to_population).
"""
# regelspraak-compiled
# bron: toeslag.rgs
from datetime import date
from fractions import Fraction as F

from regelspraak.backends.python import runtime as rt

# ------------------------------------------------------------------ wetten, objecttypen, feittypen en parametersets
LAWS = (rt.law('Kleine toeslagwet', 'KTW', 'BWBR0000007', '.'),)
OBJECT_TYPES = (
    rt.object_type(
        'Persoon',
        'Personen',
        True,
        attributes=(
            rt.attribute('geboortedatum', 'date'),
            rt.attribute('inkomen', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('leeftijd', 'number', decimals=0, unit=(('jr', 1),), integer=True),
            rt.attribute('tarief', 'percentage', decimals=2),
            rt.attribute('toeslag', 'number', decimals=2, unit=(('€', 1),), sign='niet-negatief'),
            rt.attribute('korting', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('gezamenlijk inkomen', 'number', decimals=2, unit=(('€', 1),)),
        ),
        kenmerken=(('verzekerd', 'bijvoeglijk'), ('volwassen', 'bijvoeglijk'), ('recht op toeslag', 'bezittelijk')),
    ),
)
FACT_TYPES = (
    rt.fact_type('partnerschap', False, (('aanvrager', None, 'Persoon', False), ('partner', None, 'Persoon', False))),
)
PARAMETER_SETS = (
    rt.parameter_set(
        'KTW 2025',
        'KTW',
        date(2025, 1, 1),
        date(2025, 12, 31),
        {'basisbedrag': F(1200), 'grens': F(20000)},
    ),
)

# ------------------------------------------------------------------ artikelen en regelversies
a_ktw_art_1_lid_1 = rt.Article('BWBR0000007', '1', lid='1', label='KTW art. 1 lid 1')
a_ktw_art_1_lid_2 = rt.Article('BWBR0000007', '1', lid='2', label='KTW art. 1 lid 2')
a_ktw_art_2 = rt.Article('BWBR0000007', '2', label='KTW art. 2')
a_ktw_art_3 = rt.Article('BWBR0000007', '3', label='KTW art. 3')
a_ktw_art_4 = rt.Article('BWBR0000007', '4', label='KTW art. 4')
a_ktw_art_5_lid_1 = rt.Article('BWBR0000007', '5', lid='1', label='KTW art. 5 lid 1')
a_ktw_art_5_lid_2 = rt.Article('BWBR0000007', '5', lid='2', label='KTW art. 5 lid 2')
a_ktw_art_6 = rt.Article('BWBR0000007', '6', label='KTW art. 6')

r_leeftijd = rt.Rule(
    'leeftijd', 0, law='KTW', kind='berekend', subject='Persoon', target=('Persoon', 'leeftijd'),
    articles=(a_ktw_art_1_lid_1,), source=('toeslag.rgs', 31),
)
r_volwassen = rt.Rule(
    'volwassen', 0, law='KTW', kind='kenmerk', subject='Persoon', target=('Persoon', 'volwassen'),
    articles=(a_ktw_art_1_lid_2,), source=('toeslag.rgs', 36),
)
r_gezamenlijk_inkomen = rt.Rule(
    'gezamenlijk inkomen', 0, law='KTW', kind='berekend', subject='Persoon', target=('Persoon', 'gezamenlijk inkomen'),
    articles=(a_ktw_art_2,), source=('toeslag.rgs', 41),
)
r_recht_op_toeslag = rt.Rule(
    'recht op toeslag', 0, law='KTW', kind='kenmerk', subject='Persoon', target=('Persoon', 'recht op toeslag'),
    articles=(a_ktw_art_3,), params=('grens',), source=('toeslag.rgs', 47),
)
r_tarief_rij_1 = rt.Rule(
    'tarief, rij 1', 0, law='KTW', kind='gesteld', subject='Persoon', target=('Persoon', 'tarief'),
    articles=(a_ktw_art_4,), source=('toeslag.rgs', 60),
)
r_tarief_rij_2 = rt.Rule(
    'tarief, rij 2', 0, law='KTW', kind='gesteld', subject='Persoon', target=('Persoon', 'tarief'),
    articles=(a_ktw_art_4,), source=('toeslag.rgs', 61),
)
r_toeslag = rt.Rule(
    'toeslag', 0, law='KTW', kind='berekend', subject='Persoon', target=('Persoon', 'toeslag'), start=date(2025, 1, 1),
    articles=(a_ktw_art_5_lid_1,), params=('basisbedrag',), source=('toeslag.rgs', 64),
)
r_geen_toeslag = rt.Rule(
    'geen toeslag', 0, law='KTW', kind='gesteld', subject='Persoon', target=('Persoon', 'toeslag'),
    start=date(2025, 1, 1), articles=(a_ktw_art_5_lid_2,), source=('toeslag.rgs', 73),
)
r_korting = rt.Rule(
    'korting', 0, law='KTW', kind='geïnitialiseerd', subject='Persoon', target=('Persoon', 'korting'),
    articles=(a_ktw_art_6,), source=('toeslag.rgs', 79),
)


# Persoon: leeftijd, waarde van regel 'leeftijd'
def value_leeftijd(run, subject):
    # regel 'leeftijd' (berekend)
    #   geldig altijd, wet KTW
    #   KTW art. 1 lid 1: jci1.3:c:BWBR0000007&artikel=1&lid=1
    #     https://wetten.overheid.nl/BWBR0000007#Artikel1
    #   bron: toeslag.rgs:31
    return rt.duration_between(run.value(subject, 'geboortedatum'), run.rekendatum, 'jaren')


# Persoon: volwassen, voorwaarde van regel 'volwassen'
def holds_volwassen(run, subject):
    # regel 'volwassen' (kenmerk)
    #   geldig altijd, wet KTW
    #   KTW art. 1 lid 2: jci1.3:c:BWBR0000007&artikel=1&lid=2
    #     https://wetten.overheid.nl/BWBR0000007#Artikel1
    #   bron: toeslag.rgs:36
    return rt.compare('>=', run.value(subject, 'leeftijd'), F(18))


# Persoon: gezamenlijk inkomen, waarde van regel 'gezamenlijk inkomen'
def value_gezamenlijk_inkomen(run, subject):
    # regel 'gezamenlijk inkomen' (berekend)
    #   geldig altijd, wet KTW
    #   KTW art. 2: jci1.3:c:BWBR0000007&artikel=2
    #     https://wetten.overheid.nl/BWBR0000007#Artikel2
    #   bron: toeslag.rgs:41
    return rt.add(run.value(subject, 'inkomen'), run.get(run.nav(subject, 'partnerschap', 'partner'), 'inkomen'))


# Persoon: recht op toeslag, voorwaarde van regel 'recht op toeslag'
def holds_recht_op_toeslag(run, subject):
    # regel 'recht op toeslag' (kenmerk)
    #   geldig altijd, wet KTW
    #   KTW art. 3: jci1.3:c:BWBR0000007&artikel=3
    #     https://wetten.overheid.nl/BWBR0000007#Artikel3
    #   bron: toeslag.rgs:47
    return (
        run.value(subject, 'verzekerd') is True
        and run.value(subject, 'volwassen') is True
        and rt.compare('<', run.value(subject, 'gezamenlijk inkomen'), run.param('grens'))
    )


# Persoon: tarief, voorwaarde van regel 'tarief, rij 1'
def holds_tarief_rij_1(run, subject):
    # regel 'tarief, rij 1' (gesteld)
    #   geldig altijd, wet KTW
    #   KTW art. 4: jci1.3:c:BWBR0000007&artikel=4
    #     https://wetten.overheid.nl/BWBR0000007#Artikel4
    #   bron: toeslag.rgs:60
    return rt.compare('<', run.value(subject, 'gezamenlijk inkomen'), F(10000))


# Persoon: tarief, waarde van regel 'tarief, rij 1'
def value_tarief_rij_1(run, subject):
    # regel 'tarief, rij 1' (gesteld)
    #   geldig altijd, wet KTW
    #   KTW art. 4: jci1.3:c:BWBR0000007&artikel=4
    #     https://wetten.overheid.nl/BWBR0000007#Artikel4
    #   bron: toeslag.rgs:60
    return F(10)


# Persoon: tarief, voorwaarde van regel 'tarief, rij 2'
def holds_tarief_rij_2(run, subject):
    # regel 'tarief, rij 2' (gesteld)
    #   geldig altijd, wet KTW
    #   KTW art. 4: jci1.3:c:BWBR0000007&artikel=4
    #     https://wetten.overheid.nl/BWBR0000007#Artikel4
    #   bron: toeslag.rgs:61
    return rt.compare('>=', run.value(subject, 'gezamenlijk inkomen'), F(10000))


# Persoon: tarief, waarde van regel 'tarief, rij 2'
def value_tarief_rij_2(run, subject):
    # regel 'tarief, rij 2' (gesteld)
    #   geldig altijd, wet KTW
    #   KTW art. 4: jci1.3:c:BWBR0000007&artikel=4
    #     https://wetten.overheid.nl/BWBR0000007#Artikel4
    #   bron: toeslag.rgs:61
    return F(5)


# Persoon: toeslag, voorwaarde van regel 'toeslag'
def holds_toeslag(run, subject):
    # regel 'toeslag' (berekend)
    #   geldig vanaf 01-01-2025, wet KTW
    #   KTW art. 5 lid 1: jci1.3:c:BWBR0000007&artikel=5&lid=1
    #     https://wetten.overheid.nl/BWBR0000007#Artikel5
    #   bron: toeslag.rgs:64
    return run.value(subject, 'recht op toeslag') is True


# Persoon: toeslag, waarde van regel 'toeslag'
def value_toeslag(run, subject):
    # regel 'toeslag' (berekend)
    #   geldig vanaf 01-01-2025, wet KTW
    #   KTW art. 5 lid 1: jci1.3:c:BWBR0000007&artikel=5&lid=1
    #     https://wetten.overheid.nl/BWBR0000007#Artikel5
    #   bron: toeslag.rgs:64

    @rt.once
    def v_a():
        # daarbij geldt: A
        return rt.percent_of(run.value(subject, 'tarief'), run.value(subject, 'gezamenlijk inkomen'))

    return rt.bounded(rt.round_to(rt.sub(run.param('basisbedrag'), v_a()), 2, 'rekenkundig'), minimum=F(0))


# Persoon: toeslag, voorwaarde van regel 'geen toeslag'
def holds_geen_toeslag(run, subject):
    # regel 'geen toeslag' (gesteld)
    #   geldig vanaf 01-01-2025, wet KTW
    #   KTW art. 5 lid 2: jci1.3:c:BWBR0000007&artikel=5&lid=2
    #     https://wetten.overheid.nl/BWBR0000007#Artikel5
    #   bron: toeslag.rgs:73
    return run.value(subject, 'recht op toeslag') is not True


# Persoon: toeslag, waarde van regel 'geen toeslag'
def value_geen_toeslag(run, subject):
    # regel 'geen toeslag' (gesteld)
    #   geldig vanaf 01-01-2025, wet KTW
    #   KTW art. 5 lid 2: jci1.3:c:BWBR0000007&artikel=5&lid=2
    #     https://wetten.overheid.nl/BWBR0000007#Artikel5
    #   bron: toeslag.rgs:73
    return F(0)


# Persoon: korting, waarde van regel 'korting'
def value_korting(run, subject):
    # regel 'korting' (initialisatie)
    #   geldig altijd, wet KTW
    #   KTW art. 6: jci1.3:c:BWBR0000007&artikel=6
    #     https://wetten.overheid.nl/BWBR0000007#Artikel6
    #   bron: toeslag.rgs:79
    return F(50)


# ------------------------------------------------------------------ de hele casus in één keer
# Dezelfde regels als hierboven, in afhankelijkheidsvolgorde, met bedragen als gehele getallen (centen en kleiner); bij
#     elke bevinding (R601, R602, R604, R606) of onverwachte invoer neemt rt.Fallback het geval terug en rekenen de
#     functies hierboven.
# getallen uit de regels zoals de interpreter ze geeft (eenmaal gemaakt)
f_0 = F(0)
f_10 = F(10)
f_5 = F(5)
f_50 = F(50)


def evaluate_case(run, parameters):
    """Every attribute and kenmerk of every instance into run.memo and run.fired (see rt.Run)."""
    memo, fired, roles = run.memo, run.fired, run.roles
    active, rekendatum = run.active, run.rekendatum
    (p_grens, p_basisbedrag) = parameters
    c_geboortedatum = {}
    c_inkomen = {}
    c_verzekerd = {}
    # Persoon: gegeven waarden
    for inst in run.of_type('persoon'):
        subject, given, kenmerken = inst.id, inst.values, inst.kenmerken
        memo[subject, 'geboortedatum'] = value = given.get('geboortedatum')
        c_geboortedatum[subject] = rt.given_date(value)
        memo[subject, 'inkomen'] = value = given.get('inkomen')
        c_inkomen[subject] = rt.number(value, 10**2)
        memo[subject, 'verzekerd'] = c_verzekerd[subject] = bool(kenmerken.get('verzekerd'))

    # Persoon: gezamenlijk inkomen, korting, leeftijd, volwassen, recht op toeslag, tarief, toeslag
    for inst in run.of_type('persoon'):
        subject, given, kenmerken = inst.id, inst.values, inst.kenmerken
        inkomen = c_inkomen[subject]
        geboortedatum = c_geboortedatum[subject]
        verzekerd = c_verzekerd[subject]
        partner = rt.one(roles.get((subject, 'partnerschap', 'partner')))
        # Persoon: gezamenlijk inkomen
        # regel 'gezamenlijk inkomen' (berekend): KTW art. 2 (toeslag.rgs:41)
        if r_gezamenlijk_inkomen in active:
            gezamenlijk_inkomen = (inkomen or 0) + (c_inkomen.get(partner) or 0)
            memo[subject, 'gezamenlijk inkomen'] = rt.fraction(gezamenlijk_inkomen, 10**2)
            fired[subject, 'gezamenlijk inkomen'] = True
        else:
            memo[subject, 'gezamenlijk inkomen'] = value = given.get('gezamenlijk inkomen')
            gezamenlijk_inkomen = rt.number(value, 10**2)
        # Persoon: korting
        memo[subject, 'korting'] = value = given.get('korting')
        if value is None:
            # regel 'korting' (initialisatie): KTW art. 6 (toeslag.rgs:79)
            if r_korting in active:
                memo[subject, 'korting'] = f_50
        # Persoon: leeftijd
        # regel 'leeftijd' (berekend): KTW art. 1 lid 1 (toeslag.rgs:31)
        if r_leeftijd in active:
            leeftijd = rt.whole_units(geboortedatum, rekendatum, 'jaren')
            memo[subject, 'leeftijd'] = rt.fraction(leeftijd, 1)
            fired[subject, 'leeftijd'] = True
        else:
            memo[subject, 'leeftijd'] = value = given.get('leeftijd')
            leeftijd = rt.number(value, 1)
        # Persoon: volwassen (kenmerk)
        # regel 'volwassen' (kenmerk): KTW art. 1 lid 2 (toeslag.rgs:36)
        if r_volwassen in active and leeftijd is not None and leeftijd >= 18:
            fired[subject, 'volwassen'] = True
            volwassen = True
        else:
            volwassen = bool(kenmerken.get('volwassen'))
        memo[subject, 'volwassen'] = volwassen
        # Persoon: recht op toeslag (kenmerk)
        # regel 'recht op toeslag' (kenmerk): KTW art. 3 (toeslag.rgs:47)
        if (
            r_recht_op_toeslag in active
            and verzekerd
            and volwassen
            and gezamenlijk_inkomen is not None
            and gezamenlijk_inkomen < p_grens
        ):
            fired[subject, 'recht op toeslag'] = True
            recht_op_toeslag = True
        else:
            recht_op_toeslag = bool(kenmerken.get('recht op toeslag'))
        memo[subject, 'recht op toeslag'] = recht_op_toeslag
        # Persoon: tarief
        # regel 'tarief, rij 1' (gesteld): KTW art. 4 (toeslag.rgs:60)
        if r_tarief_rij_1 in active and gezamenlijk_inkomen is not None and gezamenlijk_inkomen < 1000000:
            tarief = 1000
            memo[subject, 'tarief'] = f_10
            fired[subject, 'tarief, rij 1'] = True
        # regel 'tarief, rij 2' (gesteld): KTW art. 4 (toeslag.rgs:61)
        elif r_tarief_rij_2 in active and gezamenlijk_inkomen is not None and gezamenlijk_inkomen >= 1000000:
            tarief = 500
            memo[subject, 'tarief'] = f_5
            fired[subject, 'tarief, rij 2'] = True
        else:
            memo[subject, 'tarief'] = value = given.get('tarief')
            tarief = rt.number(value, 10**2)
        # Persoon: toeslag
        # regel 'toeslag' (berekend): KTW art. 5 lid 1 (toeslag.rgs:64)
        if r_toeslag in active and recht_op_toeslag:
            v_a = (tarief or 0) * (gezamenlijk_inkomen or 0)
            toeslag = rt.not_negative(max(rt.round_half(p_basisbedrag * 10**4 - v_a, 10**4), 0))
            memo[subject, 'toeslag'] = rt.fraction(toeslag, 10**2)
            fired[subject, 'toeslag'] = True
        # regel 'geen toeslag' (gesteld): KTW art. 5 lid 2 (toeslag.rgs:73)
        elif r_geen_toeslag in active and not recht_op_toeslag:
            memo[subject, 'toeslag'] = f_0
            fired[subject, 'geen toeslag'] = True
        else:
            memo[subject, 'toeslag'] = given.get('toeslag')


# ------------------------------------------------------------------ tabellen en ingangen
FUNCTIONS = {
    r_leeftijd: (None, value_leeftijd),
    r_volwassen: (holds_volwassen, None),
    r_gezamenlijk_inkomen: (None, value_gezamenlijk_inkomen),
    r_recht_op_toeslag: (holds_recht_op_toeslag, None),
    r_tarief_rij_1: (holds_tarief_rij_1, value_tarief_rij_1),
    r_tarief_rij_2: (holds_tarief_rij_2, value_tarief_rij_2),
    r_toeslag: (holds_toeslag, value_toeslag),
    r_geen_toeslag: (holds_geen_toeslag, value_geen_toeslag),
    r_korting: (None, value_korting),
}
CHECKS = ()
RULES = (
    r_leeftijd,
    r_volwassen,
    r_gezamenlijk_inkomen,
    r_recht_op_toeslag,
    r_tarief_rij_1,
    r_tarief_rij_2,
    r_toeslag,
    r_geen_toeslag,
    r_korting,
)
CASE_PARAMETERS = (('grens', 10**2, False, (r_recht_op_toeslag,)), ('basisbedrag', 10**2, False, (r_toeslag,)))
PROGRAM = rt.Program(
    laws=LAWS, object_types=OBJECT_TYPES, fact_types=FACT_TYPES, parameter_sets=PARAMETER_SETS,
    rules=RULES, functions=FUNCTIONS, checks=CHECKS,
    case=evaluate_case, case_parameters=CASE_PARAMETERS,
)
MODEL = PROGRAM.model


def evaluation(population, rekendatum, parameterset=None, model=None, fast=True):
    """A run that computes values on demand: .value(inst, name); fast=False: never evaluate_case."""
    return PROGRAM.evaluation(population, rekendatum, parameterset, model, fast)


def run(population, rekendatum, parameterset=None, model=None, fast=True):
    """Every attribute and kenmerk of every instance, then the consistentieregels."""
    return PROGRAM.run(population, rekendatum, parameterset, model, fast)
