"""Regels gecompileerd naar Python door regelspraak (backends/python.py). Niet met de hand wijzigen.

Gebruik: run(population, rekendatum, parameterset=None) geeft een rt.Run met .memo, .value(),
.findings en .fired, precies zoals interpreter.Evaluation; MODEL beschrijft de objecttypen voor
casussen (cases.to_population).
"""
# regelspraak-compiled
# bron: woning.rgs
from fractions import Fraction as F

from regelspraak.backends.python import runtime as rt

# ------------------------------------------------------------------ wetten, objecttypen, feittypen en parametersets
LAWS = (rt.law('Kleine woningwet', 'KWW', 'BWBR0000008', '.'),)
OBJECT_TYPES = (
    rt.object_type(
        'Persoon',
        'Personen',
        True,
        attributes=(
            rt.attribute('inkomen', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('nummer', 'number', decimals=0, integer=True),
            rt.attribute('geboortedatum', 'date'),
        ),
        kenmerken=(('minderjarig', 'bijvoeglijk'), ('student', 'bijvoeglijk')),
    ),
    rt.object_type(
        'Woning',
        None,
        False,
        attributes=(
            rt.attribute('soort', 'enum', domain='Woningsoort'),
            rt.attribute('huur', 'number', decimals=2, unit=(('mnd', -1), ('€', 1))),
            rt.attribute('jaarhuur', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('totale huur', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('bewonertal', 'number', decimals=0, integer=True),
            rt.attribute('hoogste inkomen', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('eerste geboortedatum', 'date'),
            rt.attribute('inkomens minderjarigen', 'number', decimals=2, unit=(('€', 1),)),
            rt.attribute('peildatum', 'date'),
            rt.attribute('huur per bewoner', 'number', decimals=2, unit=(('€', 1),)),
        ),
        kenmerken=(('gemengd', 'bijvoeglijk'), ('bijzonder', 'bijvoeglijk')),
    ),
)
FACT_TYPES = (
    rt.fact_type('bewoning', False, (('woning', None, 'Woning', False), ('bewoner', 'bewoners', 'Persoon', True))),
)
PARAMETER_SETS = ()

# ------------------------------------------------------------------ artikelen en regelversies
a_kww_art_1 = rt.Article('BWBR0000008', '1', label='KWW art. 1')
a_kww_art_2 = rt.Article('BWBR0000008', '2', label='KWW art. 2')
a_kww_art_3 = rt.Article('BWBR0000008', '3', label='KWW art. 3')
a_kww_art_4 = rt.Article('BWBR0000008', '4', label='KWW art. 4')
a_kww_art_5 = rt.Article('BWBR0000008', '5', label='KWW art. 5')
a_kww_art_6 = rt.Article('BWBR0000008', '6', label='KWW art. 6')
a_kww_art_7 = rt.Article('BWBR0000008', '7', label='KWW art. 7')
a_kww_art_8 = rt.Article('BWBR0000008', '8', label='KWW art. 8')
a_kww_art_9 = rt.Article('BWBR0000008', '9', label='KWW art. 9')
a_kww_art_10 = rt.Article('BWBR0000008', '10', label='KWW art. 10')
a_kww_art_11 = rt.Article('BWBR0000008', '11', label='KWW art. 11')
a_kww_art_12 = rt.Article('BWBR0000008', '12', label='KWW art. 12')
a_kww_art_13 = rt.Article('BWBR0000008', '13', label='KWW art. 13')

r_minderjarig = rt.Rule(
    'minderjarig', 0, law='KWW', kind='kenmerk', subject='Persoon', target=('Persoon', 'minderjarig'),
    articles=(a_kww_art_1,), source=('woning.rgs', 36),
)
r_jaarhuur = rt.Rule(
    'jaarhuur', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'jaarhuur'),
    articles=(a_kww_art_2,), source=('woning.rgs', 41),
)
r_totaal = rt.Rule(
    'totaal', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'totale huur'),
    articles=(a_kww_art_3,), source=('woning.rgs', 47),
)
r_aantal = rt.Rule(
    'aantal', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'bewonertal'),
    articles=(a_kww_art_4,), source=('woning.rgs', 53),
)
r_hoogste = rt.Rule(
    'hoogste', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'hoogste inkomen'),
    articles=(a_kww_art_5,), source=('woning.rgs', 58),
)
r_eerste = rt.Rule(
    'eerste', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'eerste geboortedatum'),
    articles=(a_kww_art_6,), source=('woning.rgs', 63),
)
r_minderjarigen = rt.Rule(
    'minderjarigen', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'inkomens minderjarigen'),
    articles=(a_kww_art_7,), source=('woning.rgs', 68),
)
r_peildatum = rt.Rule(
    'peildatum', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'peildatum'),
    articles=(a_kww_art_8,), source=('woning.rgs', 74),
)
r_huur_per_bewoner = rt.Rule(
    'huur per bewoner', 0, law='KWW', kind='berekend', subject='Woning', target=('Woning', 'huur per bewoner'),
    articles=(a_kww_art_9,), source=('woning.rgs', 80),
)
r_gemengd = rt.Rule(
    'gemengd', 0, law='KWW', kind='kenmerk', subject='Woning', target=('Woning', 'gemengd'), articles=(a_kww_art_10,),
    source=('woning.rgs', 86),
)
r_bijzonder = rt.Rule(
    'bijzonder', 0, law='KWW', kind='kenmerk', subject='Woning', target=('Woning', 'bijzonder'),
    articles=(a_kww_art_11,), source=('woning.rgs', 95),
)
r_nummer_geldig = rt.Rule(
    'nummer geldig', 0, law='KWW', kind='consistentie', subject='Persoon', target=('Persoon', 'nummer geldig'),
    articles=(a_kww_art_12,), source=('woning.rgs', 103),
)
r_uniek_nummer = rt.Rule(
    'uniek nummer', 0, law='KWW', kind='uniek', subject='Persoon', target=('Persoon', 'uniek nummer'),
    attribute='nummer', articles=(a_kww_art_13,), source=('woning.rgs', 108),
)


# Persoon: minderjarig, voorwaarde van regel 'minderjarig'
def holds_minderjarig(run, subject):
    # regel 'minderjarig' (kenmerk)
    #   geldig altijd, wet KWW
    #   KWW art. 1: jci1.3:c:BWBR0000008&artikel=1
    #     https://wetten.overheid.nl/BWBR0000008#Artikel1
    #   bron: woning.rgs:36
    return rt.compare('<', rt.duration_between(run.value(subject, 'geboortedatum'), run.rekendatum, 'jaren'), F(18))


# Woning: jaarhuur, voorwaarde van regel 'jaarhuur'
def holds_jaarhuur(run, subject):
    # regel 'jaarhuur' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 2: jci1.3:c:BWBR0000008&artikel=2
    #     https://wetten.overheid.nl/BWBR0000008#Artikel2
    #   bron: woning.rgs:41
    return rt.compare('==', run.value(subject, 'soort'), 'huur')


# Woning: jaarhuur, waarde van regel 'jaarhuur'
def value_jaarhuur(run, subject):
    # regel 'jaarhuur' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 2: jci1.3:c:BWBR0000008&artikel=2
    #     https://wetten.overheid.nl/BWBR0000008#Artikel2
    #   bron: woning.rgs:41
    return rt.mul(run.value(subject, 'huur'), F(12))


# Woning: totale huur, waarde van regel 'totaal'
def value_totaal(run, subject):
    # regel 'totaal' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 3: jci1.3:c:BWBR0000008&artikel=3
    #     https://wetten.overheid.nl/BWBR0000008#Artikel3
    #   bron: woning.rgs:47
    return rt.agg_sum(rt.items(run.get(run.nav_all(subject, 'bewoning', 'bewoner'), 'inkomen')), zero_if_none=True)


# Woning: bewonertal, waarde van regel 'aantal'
def value_aantal(run, subject):
    # regel 'aantal' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 4: jci1.3:c:BWBR0000008&artikel=4
    #     https://wetten.overheid.nl/BWBR0000008#Artikel4
    #   bron: woning.rgs:53
    return rt.count(rt.items(run.nav_all(subject, 'bewoning', 'bewoner')))


# Woning: hoogste inkomen, waarde van regel 'hoogste'
def value_hoogste(run, subject):
    # regel 'hoogste' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 5: jci1.3:c:BWBR0000008&artikel=5
    #     https://wetten.overheid.nl/BWBR0000008#Artikel5
    #   bron: woning.rgs:58
    return rt.agg_max(rt.items(run.get(run.nav_all(subject, 'bewoning', 'bewoner'), 'inkomen')))


# Woning: eerste geboortedatum, waarde van regel 'eerste'
def value_eerste(run, subject):
    # regel 'eerste' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 6: jci1.3:c:BWBR0000008&artikel=6
    #     https://wetten.overheid.nl/BWBR0000008#Artikel6
    #   bron: woning.rgs:63
    return rt.agg_first(rt.items(run.get(run.nav_all(subject, 'bewoning', 'bewoner'), 'geboortedatum')))


# Woning: inkomens minderjarigen, waarde van regel 'minderjarigen'
def value_minderjarigen(run, subject):
    # regel 'minderjarigen' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 7: jci1.3:c:BWBR0000008&artikel=7
    #     https://wetten.overheid.nl/BWBR0000008#Artikel7
    #   bron: woning.rgs:68
    return rt.agg_sum(
        rt.items(
            run.get(
                [
                    item
                    for item in (run.nav_all(subject, 'bewoning', 'bewoner') or [])
                    if run.value(item, 'minderjarig') is True
                ],
                'inkomen',
            ),
        ),
        zero_if_none=True,
    )


# Woning: peildatum, waarde van regel 'peildatum'
def value_peildatum(run, subject):
    # regel 'peildatum' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 8: jci1.3:c:BWBR0000008&artikel=8
    #     https://wetten.overheid.nl/BWBR0000008#Artikel8
    #   bron: woning.rgs:74
    return rt.date_minus(rt.make_date(rt.date_part(run.rekendatum, 'jaar'), F(1), F(1)), F(1), 'dg')


# Woning: huur per bewoner, waarde van regel 'huur per bewoner'
def value_huur_per_bewoner(run, subject):
    # regel 'huur per bewoner' (berekend)
    #   geldig altijd, wet KWW
    #   KWW art. 9: jci1.3:c:BWBR0000008&artikel=9
    #     https://wetten.overheid.nl/BWBR0000008#Artikel9
    #   bron: woning.rgs:80
    return rt.round_to(rt.div(run.value(subject, 'jaarhuur'), run.value(subject, 'bewonertal')), 2, 'naar beneden')


# Woning: gemengd, voorwaarde van regel 'gemengd'
def holds_gemengd(run, subject):
    # regel 'gemengd' (kenmerk)
    #   geldig altijd, wet KWW
    #   KWW art. 10: jci1.3:c:BWBR0000008&artikel=10
    #     https://wetten.overheid.nl/BWBR0000008#Artikel10
    #   bron: woning.rgs:86
    return rt.at_least(
        2,
        lambda: rt.compare('>', run.value(subject, 'bewonertal'), F(1)),
        lambda: rt.compare('>', run.value(subject, 'inkomens minderjarigen'), F(0)),
        lambda: rt.compare('==', run.value(subject, 'soort'), 'koop'),
    )


# Woning: bijzonder, voorwaarde van regel 'bijzonder'
def holds_bijzonder(run, subject):
    # regel 'bijzonder' (kenmerk)
    #   geldig altijd, wet KWW
    #   KWW art. 11: jci1.3:c:BWBR0000008&artikel=11
    #     https://wetten.overheid.nl/BWBR0000008#Artikel11
    #   bron: woning.rgs:95
    return rt.exactly(1, run.value(subject, 'gemengd') is True, rt.is_empty(run.value(subject, 'huur')))


# consistentieregel voor Persoon: waar als de regel geschonden is (R603)
def check_nummer_geldig(run, subject):
    # regel 'nummer geldig' (consistentie)
    #   geldig altijd, wet KWW
    #   KWW art. 12: jci1.3:c:BWBR0000008&artikel=12
    #     https://wetten.overheid.nl/BWBR0000008#Artikel12
    #   bron: woning.rgs:103
    return run.value(subject, 'student') is True and not rt.is_filled(run.value(subject, 'nummer'))


# ------------------------------------------------------------------ de hele casus in één keer
# Dezelfde regels als hierboven, in afhankelijkheidsvolgorde, met bedragen als gehele getallen (centen en kleiner); bij
#     elke bevinding (R601, R602, R604, R606) of onverwachte invoer neemt rt.Fallback het geval terug en rekenen de
#     functies hierboven.
def evaluate_case(run, parameters):
    """Every attribute and kenmerk of every instance into run.memo and run.fired (see rt.Run)."""
    memo, fired, roles = run.memo, run.fired, run.roles
    active, rekendatum = run.active, run.rekendatum
    c_geboortedatum = {}
    c_huur = {}
    c_inkomen = {}
    c_minderjarig = {}
    c_soort = {}
    # Persoon: gegeven waarden
    for inst in run.of_type('persoon'):
        subject, given, kenmerken = inst.id, inst.values, inst.kenmerken
        memo[subject, 'inkomen'] = value = given.get('inkomen')
        c_inkomen[subject] = rt.number(value, 10**2)
        memo[subject, 'nummer'] = given.get('nummer')
        memo[subject, 'geboortedatum'] = value = given.get('geboortedatum')
        c_geboortedatum[subject] = rt.given_date(value)
        memo[subject, 'student'] = bool(kenmerken.get('student'))

    # Woning: gegeven waarden
    for inst in run.of_type('woning'):
        subject, given = inst.id, inst.values
        memo[subject, 'soort'] = value = given.get('soort')
        c_soort[subject] = value
        memo[subject, 'huur'] = value = given.get('huur')
        c_huur[subject] = rt.number(value, 10**2)

    # Persoon: minderjarig
    for inst in run.of_type('persoon'):
        subject, kenmerken = inst.id, inst.kenmerken
        geboortedatum = c_geboortedatum[subject]
        # Persoon: minderjarig (kenmerk)
        # regel 'minderjarig' (kenmerk): KWW art. 1 (woning.rgs:36)
        if r_minderjarig in active and rt.compare('<', rt.whole_units(geboortedatum, rekendatum, 'jaren'), 18):
            fired[subject, 'minderjarig'] = True
            minderjarig = True
        else:
            minderjarig = bool(kenmerken.get('minderjarig'))
        memo[subject, 'minderjarig'] = minderjarig
        c_minderjarig[subject] = minderjarig

    # Woning: bewonertal, inkomens minderjarigen, gemengd, bijzonder, eerste geboortedatum, hoogste inkomen, jaarhuur,
    #     huur per bewoner, peildatum, totale huur
    for inst in run.of_type('woning'):
        subject, given, kenmerken = inst.id, inst.values, inst.kenmerken
        soort = c_soort[subject]
        huur = c_huur[subject]
        bewoners = roles.get((subject, 'bewoning', 'bewoner'), ())
        # Woning: bewonertal
        # regel 'aantal' (berekend): KWW art. 4 (woning.rgs:53)
        if r_aantal in active:
            bewonertal = len(bewoners)
            memo[subject, 'bewonertal'] = rt.fraction(bewonertal, 1)
            fired[subject, 'aantal'] = True
        else:
            memo[subject, 'bewonertal'] = value = given.get('bewonertal')
            bewonertal = rt.number(value, 1)
        # Woning: inkomens minderjarigen
        # regel 'minderjarigen' (berekend): KWW art. 7 (woning.rgs:68)
        if r_minderjarigen in active:
            inkomens_minderjarigen = rt.total(
                [c_inkomen[i_3] for i_3 in [i_2 for i_2 in bewoners if c_minderjarig[i_2]]],
                True,
            )
            memo[subject, 'inkomens minderjarigen'] = rt.fraction(inkomens_minderjarigen, 10**2)
            fired[subject, 'minderjarigen'] = True
        else:
            memo[subject, 'inkomens minderjarigen'] = value = given.get('inkomens minderjarigen')
            inkomens_minderjarigen = rt.number(value, 10**2)
        # Woning: gemengd (kenmerk)
        # regel 'gemengd' (kenmerk): KWW art. 10 (woning.rgs:86)
        if (
            r_gemengd in active
            and rt.at_least(
                2,
                lambda: (bewonertal is not None and bewonertal > 1),
                lambda: (inkomens_minderjarigen is not None and inkomens_minderjarigen > 0),
                lambda: soort == 'koop',
            )
        ):
            fired[subject, 'gemengd'] = True
            gemengd = True
        else:
            gemengd = bool(kenmerken.get('gemengd'))
        memo[subject, 'gemengd'] = gemengd
        # Woning: bijzonder (kenmerk)
        # regel 'bijzonder' (kenmerk): KWW art. 11 (woning.rgs:95)
        if r_bijzonder in active and rt.exactly(1, gemengd, huur is None):
            fired[subject, 'bijzonder'] = True
            bijzonder = True
        else:
            bijzonder = bool(kenmerken.get('bijzonder'))
        memo[subject, 'bijzonder'] = bijzonder
        # Woning: eerste geboortedatum
        # regel 'eerste' (berekend): KWW art. 6 (woning.rgs:63)
        if r_eerste in active:
            eerste_geboortedatum = rt.agg_first([c_geboortedatum[i_4] for i_4 in bewoners])
            memo[subject, 'eerste geboortedatum'] = eerste_geboortedatum
            fired[subject, 'eerste'] = True
        else:
            memo[subject, 'eerste geboortedatum'] = given.get('eerste geboortedatum')
        # Woning: hoogste inkomen
        # regel 'hoogste' (berekend): KWW art. 5 (woning.rgs:58)
        if r_hoogste in active:
            hoogste_inkomen = rt.agg_max([c_inkomen[i_5] for i_5 in bewoners])
            memo[subject, 'hoogste inkomen'] = rt.fraction(hoogste_inkomen, 10**2)
            fired[subject, 'hoogste'] = True
        else:
            memo[subject, 'hoogste inkomen'] = given.get('hoogste inkomen')
        # Woning: jaarhuur
        # regel 'jaarhuur' (berekend): KWW art. 2 (woning.rgs:41)
        if r_jaarhuur in active and soort == 'huur':
            jaarhuur = (huur or 0) * 12
            memo[subject, 'jaarhuur'] = rt.fraction(jaarhuur, 10**2)
            fired[subject, 'jaarhuur'] = True
        else:
            memo[subject, 'jaarhuur'] = value = given.get('jaarhuur')
            jaarhuur = rt.number(value, 10**2)
        # Woning: huur per bewoner
        # regel 'huur per bewoner' (berekend): KWW art. 9 (woning.rgs:80)
        if r_huur_per_bewoner in active:
            huur_per_bewoner = rt.divide(jaarhuur, bewonertal, 10**2, 10**2, 'naar beneden')
            memo[subject, 'huur per bewoner'] = rt.fraction(huur_per_bewoner, 10**2)
            fired[subject, 'huur per bewoner'] = True
        else:
            memo[subject, 'huur per bewoner'] = given.get('huur per bewoner')
        # Woning: peildatum
        # regel 'peildatum' (berekend): KWW art. 8 (woning.rgs:74)
        if r_peildatum in active:
            peildatum = rt.shift(rt.make_day(rekendatum.year, 1, 1), 1, -1, 'dg')
            memo[subject, 'peildatum'] = peildatum
            fired[subject, 'peildatum'] = True
        else:
            memo[subject, 'peildatum'] = given.get('peildatum')
        # Woning: totale huur
        # regel 'totaal' (berekend): KWW art. 3 (woning.rgs:47)
        if r_totaal in active:
            totale_huur = rt.total([c_inkomen[i_6] for i_6 in bewoners], True)
            memo[subject, 'totale huur'] = rt.fraction(totale_huur, 10**2)
            fired[subject, 'totaal'] = True
        else:
            memo[subject, 'totale huur'] = given.get('totale huur')


# ------------------------------------------------------------------ tabellen en ingangen
FUNCTIONS = {
    r_minderjarig: (holds_minderjarig, None),
    r_jaarhuur: (holds_jaarhuur, value_jaarhuur),
    r_totaal: (None, value_totaal),
    r_aantal: (None, value_aantal),
    r_hoogste: (None, value_hoogste),
    r_eerste: (None, value_eerste),
    r_minderjarigen: (None, value_minderjarigen),
    r_peildatum: (None, value_peildatum),
    r_huur_per_bewoner: (None, value_huur_per_bewoner),
    r_gemengd: (holds_gemengd, None),
    r_bijzonder: (holds_bijzonder, None),
}
CHECKS = ((r_nummer_geldig, check_nummer_geldig), (r_uniek_nummer, None))
RULES = (
    r_minderjarig,
    r_jaarhuur,
    r_totaal,
    r_aantal,
    r_hoogste,
    r_eerste,
    r_minderjarigen,
    r_peildatum,
    r_huur_per_bewoner,
    r_gemengd,
    r_bijzonder,
    r_nummer_geldig,
    r_uniek_nummer,
)
CASE_PARAMETERS = ()
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
