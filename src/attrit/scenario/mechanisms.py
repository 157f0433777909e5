"""Parameter blocks of the model's mechanisms, with every default, unit, range and reason.

This is the one place where defaults live. Each block sits in the scenario where the
mechanism that reads it says (``params`` of its declaration in ``attrit/model/phases/``);
``docs/parameters.md`` is generated from the schema (``attrit params --write
docs/parameters.md``).
"""

from __future__ import annotations

from math import gcd
from typing import Literal

from pydantic import Field, model_validator

from attrit.scenario.base import Strict
from attrit.scenario.params import param

PROB = {"ge": 0.0, "le": 1.0}


class FactionPay(Strict):
    """How a faction pays its members; money flows sponsor -> faction -> commander -> person."""

    wage_usd_per_cycle: float = param(
        500.0,
        unit="USD per person per pay cycle",
        low=300.0,
        high=900.0,
        ge=0.0,
        le=1e5,
        reason="PMF fighters were reported paid roughly USD 500-700 a month in 2015; "
        "an assumption where a faction's own scale is unknown.",
    )
    cycle_days: int = param(
        30,
        unit="days",
        low=28,
        high=31,
        ge=1,
        le=365,
        reason="Salaries are monthly.",
    )
    officer_wage_multiplier: float = param(
        3.0,
        unit="ratio to a troop's wage",
        low=1.5,
        high=6.0,
        ge=1.0,
        le=100.0,
        reason="Commanders draw several times a fighter's wage; judgement.",
    )
    faction_skim_fraction: float = param(
        0.1,
        unit="fraction of funded pay",
        low=0.0,
        high=0.4,
        **PROB,
        reason="Leadership above unit level takes a share before money reaches units; "
        "the report speaks of 'large portions' stolen without splitting by level.",
    )


class FactionSupply(Strict):
    """Supplies a faction sends its units on duty."""

    need_usd_per_person_day: float = param(
        6.0,
        unit="USD per person on duty per day",
        low=3.0,
        high=12.0,
        ge=0.0,
        le=1e4,
        reason="Food, water, fuel and basic needs of a fighter at the front; judgement.",
    )
    diversion_fraction: float = param(
        0.05,
        unit="fraction of supplies sent",
        low=0.0,
        high=0.6,
        **PROB,
        reason="Goods diverted at faction level before they reach units (Badr commanders "
        "selling rice, oil and sugar in the market).",
    )


class Recruitment(Strict):
    """A faction's recruitment, training abroad and posting of recruits."""

    recruits_per_30_days: float = param(
        0.0,
        unit="recruits per 30 days",
        low=0.0,
        high=200.0,
        ge=0.0,
        le=1e5,
        reason="Off unless the scenario knows an intake rate; training courses add recruits.",
    )
    training_days: int = param(
        90,
        unit="days",
        low=60,
        high=120,
        ge=1,
        le=730,
        reason="The report: recruits trained three months in Iran or Lebanon.",
    )
    promised_wage_multiplier: float = param(
        1.0,
        unit="ratio of promised to entitled wage",
        low=1.0,
        high=3.0,
        ge=0.0,
        le=100.0,
        reason="Recruits were promised posts and high salaries; 1 means an honest promise.",
    )
    report_probability: float = param(
        0.9,
        unit="probability",
        low=0.5,
        high=1.0,
        **PROB,
        reason="Share of graduates who report to their unit when morale is 0.5 and nothing "
        "was promised; 'new recruits ... flee to their homes'.",
    )


class Rotation(Strict):
    """The shift schedule of a unit and its front-line quota."""

    days_on: int = param(
        15,
        unit="days per duty period",
        low=7,
        high=30,
        ge=1,
        le=365,
        reason="The report: 15 days at the front.",
    )
    days_off: int = param(
        15,
        unit="days per leave period",
        low=7,
        high=30,
        ge=0,
        le=365,
        reason="The report: 15 days of leave. Any length: the unit is split into leave groups "
        "that start their periods in turn, so days_off / (days_on + days_off) of its men are "
        "on leave at a time; 0 means no leave at all (everyone always on duty).",
    )
    quota: int = param(
        0,
        unit="men at the front per round",
        low=0,
        high=1000,
        ge=0,
        le=1_000_000,
        reason="Men the unit must keep at the front; 170 for the 400-man Ashoura battalion.",
    )
    quota_share: float = param(
        0.0,
        unit="share of the unit's strength",
        low=0.0,
        high=0.8,
        ge=0.0,
        le=1.0,
        reason="A quota set as a share of the men on the unit's rolls each day (e.g. 'two "
        "thirds of each brigade in the line'); 0 means the fixed quota above applies.",
    )

    @property
    def step(self) -> int:
        """Days between one leave group's start of duty and the next one's."""
        return gcd(self.days_on, self.days_off)

    @property
    def shifts(self) -> int:
        """Number of leave groups a unit splits into (1 when there is no leave)."""
        return (self.days_on + self.days_off) // self.step

    @property
    def duty_share(self) -> float:
        """Share of the unit's men on duty on any day (the rest on leave)."""
        return self.days_on / (self.days_on + self.days_off)


class Strength(Strict):
    """Members of a unit at the start, by rank, and how they are grouped."""

    troops: int = Field(ge=0, le=1_000_000, description="Rank-and-file members [persons].")
    officers: int = Field(0, ge=0, le=100_000, description="Commanders [persons].")
    bodyguards_per_officer: int = param(
        0,
        unit="persons per officer",
        low=0,
        high=6,
        ge=0,
        le=50,
        reason="Senior commanders keep bodyguards who flee with them (the report).",
    )
    squad_size: int = param(
        10,
        unit="persons",
        low=6,
        high=15,
        ge=1,
        le=1000,
        reason="Squad-mates are the group that flees together; an infantry squad.",
    )

    authorised: int | None = Field(
        None,
        ge=0,
        le=10_000_000,
        description="Authorised strength [persons]: recruits are posted to fill the unit up to "
        "it, never beyond (none: its members at the start).",
    )

    @property
    def members(self) -> int:
        """All members: troops, officers and their bodyguards."""
        return self.troops + self.officers * (1 + self.bodyguards_per_officer)

    @property
    def ceiling(self) -> int:
        """The strength postings fill the unit up to: authorised, else its start."""
        return self.members if self.authorised is None else self.authorised


class UnitPay(Strict):
    """The unit commander's part of the pay chain."""

    commander_skim_fraction: float = param(
        0.2,
        unit="fraction of pay reaching the unit",
        low=0.0,
        high=0.6,
        **PROB,
        reason="Commanders stealing their troops' salaries (the report); size is a judgement.",
    )
    missed_cycle_probability: float = param(
        0.1,
        unit="probability per pay cycle",
        low=0.0,
        high=0.9,
        **PROB,
        reason="'A few months since they have not received any pay'.",
    )


class UnitSupply(Strict):
    """The unit commander's part of the supply chain."""

    commander_diversion_fraction: float = param(
        0.1,
        unit="fraction of supplies reaching the unit",
        low=0.0,
        high=0.6,
        **PROB,
        reason="Commanders stealing basic supplies (the report); size is a judgement.",
    )


class Desertion(Strict):
    """Flight from duty: morale, contagion, pull, groups, officers and their bodyguards."""

    hazard_per_day: float = param(
        0.001,
        unit="per person on duty per day",
        low=1e-4,
        high=1e-2,
        ge=0.0,
        le=1.0,
        reason="Daily hazard at morale 0.5 with no contagion or pull; 0.002 loses ~6% a "
        "month, the order of magnitude of the report's 70 of 400 over about two months.",
    )
    morale_log_slope: float = param(
        3.0,
        unit="log hazard per unit of morale below 0.5",
        low=0.0,
        high=8.0,
        ge=0.0,
        le=50.0,
        reason="A fighter at morale 0 flees e^2 = 7x as often as one at 0.5.",
    )
    contagion_weight: float = param(
        3.0,
        unit="hazard multiplier per fraction of the unit deserted in the window",
        low=0.0,
        high=20.0,
        ge=0.0,
        le=1000.0,
        reason="'Each day more and more are seen fleeing': flight feeds flight.",
    )
    contagion_window_days: int = param(
        7,
        unit="days",
        low=3,
        high=30,
        ge=1,
        le=365,
        reason="Recent desertions are the ones a fighter has seen.",
    )
    pull_weight: float = param(
        0.5,
        unit="hazard multiplier per unit of pull",
        low=0.0,
        high=5.0,
        ge=0.0,
        le=100.0,
        reason="The 2015 migration wave made flight easier.",
    )
    group_join_probability: float = param(
        0.1,
        unit="probability per squad-mate on duty",
        low=0.0,
        high=0.6,
        **PROB,
        reason="'Seen fleeing in groups'.",
    )
    officer_hazard_multiplier: float = param(
        1.0,
        unit="ratio to a troop's hazard",
        low=0.5,
        high=3.0,
        ge=0.0,
        le=100.0,
        reason="'Senior militia commanders are seen fleeing ... on a daily basis'.",
    )
    bodyguard_follow_probability: float = param(
        0.8,
        unit="probability per bodyguard",
        low=0.3,
        high=1.0,
        **PROB,
        reason="Commanders' bodyguards were seen fleeing with them.",
    )
    newcomer_hazard_multiplier: float = param(
        1.0,
        unit="factor on the hazard of a recruit in his first newcomer_days with the unit",
        low=1.0,
        high=5.0,
        ge=0.0,
        le=100.0,
        reason="Armies lose recruits mostly early in their service (first-term attrition is "
        "concentrated in the first months); 1 keeps the hazard the same for everyone, as the "
        "2015 report gives no sign of the difference.",
    )
    newcomer_days: int = param(
        30,
        unit="days from a recruit's posting to the unit",
        low=7,
        high=180,
        ge=0,
        le=3650,
        reason="A month is when a recruit has found out what the unit is like; a judgement.",
    )


class Leave(Strict):
    """Return from leave: whether a man whose leave ends comes back."""

    return_probability: float = param(
        0.97,
        unit="probability at morale 0.5 without pull",
        low=0.5,
        high=1.0,
        **PROB,
        reason="In a force that is not collapsing nearly everyone returns.",
    )
    morale_logit_slope: float = param(
        4.0,
        unit="logit per unit of morale",
        low=0.0,
        high=12.0,
        ge=0.0,
        le=100.0,
        reason="Low morale is the main reason not to come back.",
    )
    pull_logit_slope: float = param(
        1.0,
        unit="logit per unit of pull",
        low=0.0,
        high=6.0,
        ge=0.0,
        le=100.0,
        reason="A man at home can leave the country more easily than one at the front.",
    )
    held_pay_logit_slope: float = param(
        0.5,
        unit="logit (log hazard from duty) per month of pay held back",
        low=0.0,
        high=2.0,
        ge=0.0,
        le=20.0,
        reason="Pay held back until return (the 'held_pay' intervention) is lost by whoever "
        "stays away, as deferred pay was meant to make desertion costly; a judgement (two "
        "months held multiply the odds of coming back by about 2.7), to be fitted where a "
        "report gives returns under such a scheme.",
    )


class Absence(Strict):
    """Absence without leave: men who fail to return or flee, still on the rolls for a time.

    With ``strike_off_days`` 0 (the default) a man who does not come back or flees is a
    deserter at once, as the 2015 militias counted them; otherwise he is absent, may come back
    each day, and is struck off as a deserter for good after that many days away.
    """

    strike_off_days: int = param(
        0,
        unit="days absent before a man is struck off the rolls as a deserter",
        low=0,
        high=90,
        ge=0,
        le=3650,
        reason="Armies drop men absent a set time from the rolls (often 30 days); 0 keeps "
        "the militias' reading, where whoever leaves is a deserter.",
    )
    return_hazard_per_day: float = param(
        0.02,
        unit="probability per absent man per day",
        low=0.0,
        high=0.1,
        **PROB,
        reason="Many absentees come back on their own within weeks (about 45% within 30 "
        "days at 0.02); a judgement, to be fitted where a report gives returns.",
    )
    from_duty: bool = Field(
        True,
        description="Men who flee from duty go absent too (not only those who do not come "
        "back from leave); emigrants and recruits who never report never do.",
    )


class Service(Strict):
    """Terms of service: men whose term ends sign on again or are discharged."""

    term_days: int = param(
        0,
        unit="days",
        low=0,
        high=1460,
        ge=0,
        le=36_500,
        reason="Conscript and contract armies discharge men when their term ends (a year or "
        "two for conscripts); 0 keeps the 2015 militias, whose men serve until they leave.",
    )
    reenlist_probability: float = param(
        0.3,
        unit="probability that a man whose term ends signs on for another",
        low=0.0,
        high=0.9,
        **PROB,
        reason="A judgement: most conscripts go home; fit it where a report gives re-enlistment.",
    )


class Ghosts(Strict):
    """Ghost soldiers: the gone kept on the payroll, their pay taken by the commander."""

    payroll_share: float = param(
        0.0,
        unit="share of the unit's absent, deserted and dead kept on its payroll",
        low=0.0,
        high=0.9,
        **PROB,
        reason="Commanders who keep men who are gone on the payroll pocket their wages (the "
        "'ghost soldiers' of public reports on several armies); 0 keeps the 2015 militias' "
        "accounting, where nobody gone is paid.",
    )


class Emigration(Strict):
    """Departure abroad (to Europe in 2015), driven by the pull series."""

    hazard_per_day_at_full_pull: float = param(
        0.002,
        unit="per person per day at pull 1 and morale 0.5",
        low=0.0,
        high=0.02,
        ge=0.0,
        le=1.0,
        reason="Sized so that a month at full pull takes ~6% of a formation; the report's "
        "700 Asa'ib Ahl al-Haq members left in a few weeks of late September.",
    )
    morale_log_slope: float = param(
        2.0,
        unit="log hazard per unit of morale below 0.5",
        low=0.0,
        high=8.0,
        ge=0.0,
        le=50.0,
        reason="The hopeless leave first: 'no hope or motivation left'.",
    )


class Combat(Strict):
    """The unit's front fights an opposing force under one of Lanchester's laws.

    Each day the men at the front (``front``) and the enemy (``enemy``) exchange losses by the
    law (``dFront/dt = -a * enemy**p * front**q``, ``dEnemy/dt = -b * front**p' * enemy**q'``,
    see ``docs/lanchester.md``), scaled by the engagement intensity of an offensive. Our
    casualties replace the flat hazard; the enemy's are drawn from a Poisson distribution.
    """

    law: Literal["square", "linear", "logarithmic", "mixed"] = Field(
        "square",
        description="Lanchester's law: square (aimed fire), linear (area fire), logarithmic, "
        "mixed (our side under aimed fire, the enemy under area fire).",
    )
    enemy_strength: float = param(
        300.0,
        unit="men facing the unit's front at the start",
        low=50.0,
        high=5000.0,
        ge=0.0,
        le=1e6,
        reason="Judgement for a battalion's sector of a static front; set it from an "
        "intelligence estimate.",
    )
    enemy_effectiveness: float = param(
        3e-4,
        unit="a: our losses per day per enemy man (square law; see docs/lanchester.md)",
        low=1e-5,
        high=1e-2,
        ge=0.0,
        le=10.0,
        reason="With 300 men opposite, 3e-4 costs about 0.09 men a day, the flat hazard's "
        "0.0005 x a quota of 170: the same static front. Fit it with `attrit lanchester fit`.",
    )
    own_effectiveness: float = param(
        3e-4,
        unit="b: enemy losses per day per man at our front (square law)",
        low=1e-5,
        high=1e-2,
        ge=0.0,
        le=10.0,
        reason="Judgement: an even exchange on a static front. Fit it with "
        "`attrit lanchester fit`.",
    )
    enemy_reinforcements_per_day: float = param(
        0.0,
        unit="men per day",
        low=0.0,
        high=20.0,
        ge=0.0,
        le=1e5,
        reason="The opposing force's replacements; none by default, so it wears down.",
    )


class Casualties(Strict):
    """Killed and wounded at the front."""

    hazard_per_day: float = param(
        0.0005,
        unit="per person at the front per day",
        low=1e-5,
        high=5e-3,
        ge=0.0,
        le=1.0,
        reason="A static front with 'no intention to stage any assault'; judgement.",
    )
    offensive_multiplier: float = param(
        5.0,
        unit="ratio during an offensive",
        low=2.0,
        high=20.0,
        ge=1.0,
        le=1000.0,
        reason="Attacking costs far more than holding.",
    )
    wounded_fraction: float = param(
        0.75,
        unit="fraction of casualties",
        low=0.6,
        high=0.85,
        **PROB,
        reason="About three wounded to one killed, the usual ratio of modern ground combat.",
    )
    recovery_days: int = param(
        30,
        unit="days",
        low=7,
        high=90,
        ge=1,
        le=3650,
        reason="Time from wound to return to duty.",
    )
    return_after_wound_probability: float = param(
        0.7,
        unit="probability",
        low=0.4,
        high=0.95,
        **PROB,
        reason="Some wounds end service; those men are 'invalided'.",
    )
    combat: Combat | None = Field(
        None,
        description="Fight an opposing force under a Lanchester law instead of the flat "
        "hazard_per_day.",
    )

    @model_validator(mode="after")
    def _one_source_of_combat_losses(self) -> Casualties:
        # compared with the default, not with the keys given: a dumped scenario repeats it
        unused = self.hazard_per_day != type(self).model_fields["hazard_per_day"].default
        if self.combat is not None and unused:
            raise ValueError(
                "hazard_per_day is not used when combat is set (casualties then come from "
                "the combat model); remove hazard_per_day or combat"
            )
        return self


class Morale(Strict):
    """Morale in [0, 1] moves toward a target that conditions push down or up."""

    initial_mean: float = param(
        0.6,
        unit="morale (0-1)",
        low=0.3,
        high=0.8,
        **PROB,
        reason="Morale at the start of the scenario, before the collapse is visible.",
    )
    initial_sd: float = param(
        0.1,
        unit="morale (0-1)",
        low=0.02,
        high=0.25,
        ge=0.0,
        le=1.0,
        reason="Spread of individual morale at the start (a normal draw, clipped to 0-1).",
    )
    individual_sd: float = param(
        0.05,
        unit="morale (0-1)",
        low=0.0,
        high=0.15,
        ge=0.0,
        le=1.0,
        reason="Lasting person-to-person difference in the target (resolve).",
    )
    adjustment_rate_per_day: float = param(
        0.05,
        unit="fraction of the gap closed per day",
        low=0.01,
        high=0.2,
        gt=0.0,
        le=1.0,
        reason="Morale follows conditions within weeks, not days.",
    )
    baseline_target: float = param(
        0.8,
        unit="morale (0-1)",
        low=0.5,
        high=0.9,
        **PROB,
        reason="Target when paid, supplied, led and with a purpose.",
    )
    arrears_weight: float = param(
        0.2,
        unit="morale drop at saturated arrears",
        low=0.0,
        high=0.5,
        ge=0.0,
        le=1.0,
        reason="'No pay for months'.",
    )
    arrears_saturation_months: float = param(
        4.0,
        unit="months of wage",
        low=2.0,
        high=8.0,
        gt=0.0,
        le=120.0,
        reason="Beyond a few months' arrears more debt changes little.",
    )
    shortage_weight: float = param(
        0.15,
        unit="morale drop at total supply shortage",
        low=0.0,
        high=0.4,
        ge=0.0,
        le=1.0,
        reason="'Food, water and other basic needs are very poor'.",
    )
    theft_weight: float = param(
        0.25,
        unit="morale drop per unit of visible theft",
        low=0.0,
        high=0.6,
        ge=0.0,
        le=2.0,
        reason="'Their members see their commanders stealing': mistrust.",
    )
    casualty_weight: float = param(
        2.0,
        unit="morale drop per casualty fraction of the unit in 30 days",
        low=0.0,
        high=6.0,
        ge=0.0,
        le=100.0,
        reason="'Why ... suffer casualties'.",
    )
    desertion_weight: float = param(
        0.5,
        unit="morale drop per deserted fraction of the unit in 30 days",
        low=0.0,
        high=3.0,
        ge=0.0,
        le=100.0,
        reason="Watching comrades leave.",
    )
    purpose_weight: float = param(
        0.1,
        unit="morale drop without an offensive",
        low=0.0,
        high=0.3,
        ge=0.0,
        le=1.0,
        reason="'No intention to stage any assault'.",
    )
    leader_loss_weight: float = param(
        1.2,
        unit="morale drop per share of the unit's officers who desert",
        low=0.0,
        high=3.2,
        ge=0.0,
        le=20.0,
        reason="Commanders fleeing 'accelerates flight'. A share, not a count, so a unit of any "
        "size feels the same loss alike; 1.2 keeps the 2015 battalion's drop of 0.15 for one "
        "of its 8 officers.",
    )
    leader_loss_halflife_days: float = param(
        14.0,
        unit="days",
        low=5.0,
        high=60.0,
        gt=0.0,
        le=3650.0,
        reason="A leader's flight is remembered for weeks.",
    )
    bonus_weight: float = param(
        0.3,
        unit="morale rise per wage of bonus received",
        low=0.0,
        high=0.6,
        ge=0.0,
        le=5.0,
        reason="Money helps, but briefly.",
    )
    bonus_halflife_days: float = param(
        20.0,
        unit="days",
        low=5.0,
        high=60.0,
        gt=0.0,
        le=3650.0,
        reason="The effect of a one-off payment fades.",
    )
    promise_gap_weight: float = param(
        0.3,
        unit="morale drop per unit of broken promise",
        low=0.0,
        high=0.6,
        ge=0.0,
        le=5.0,
        reason="Recruits promised high salaries and posts 'flee on return'.",
    )
    penalty_weight: float = param(
        0.1,
        unit="morale drop under penalties of full severity",
        low=0.0,
        high=0.3,
        ge=0.0,
        le=1.0,
        reason="Harsh penalties deter flight but breed resentment; a judgement (the "
        "'penalties' intervention sets the severity).",
    )
