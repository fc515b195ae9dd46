"""Demo community: the March 2019 training-management workshop (32 participants from 24
administrations, held in Kashiwa, with its evaluation form and 24 paper answers), an upcoming
workshop with an open call, and an expert pool matched to the regional needs.
Deterministic and idempotent; run after the practices demo (a recommendation links a practice)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from cadre.community.models import Event, Expert, Nomination, Outcome
from cadre.community.services import (
    WORKSHOP_QUESTIONS,
    agenda_item_add,
    attendance_record,
    call_open,
    event_create,
    event_evaluation_send,
    event_mark_held,
    expert_register,
    material_add,
    nomination_create,
    nomination_select,
    outcome_record,
    selection_close,
)
from cadre.competencies.models import Competency
from cadre.evaluation.services.questionnaires import questions_parse, survey_respond_on_paper
from cadre.people.models import Officer
from cadre.practices.models import Practice
from cadre.tenancy.access import UserLike
from cadre.tenancy.models import Administration, Region

WORKSHOP_CODE = "tm-workshop-2019"
#: Administrations sending two participants in 2019 (8 x 2 + 16 x 1 = 32 from 24).
TWO_SEATS = ("kasumi", "lumeria", "sarnavia", "aldovia", "belmora", "galdoria", "istrelia", "kelloria")
AGENDA = (
    (0, "09:30", "Opening: customs training as an engine of development", "Japan Customs Training Institute"),
    (0, "11:00", "Strategic alignment of HR management and training", "WCO Secretariat"),
    (1, "09:30", "Competency frameworks built with operational units", "ROCB A/P"),
    (2, "09:30", "The training cycle: from needs assessment to evaluation", "WCO Secretariat"),
    (3, "09:30", "Blended, micro and mobile learning; VR in training", "Member administrations"),
    (4, "09:30", "Group work: towards a Good Practices Collection", "ROCB A/P"),
)
OUTCOMES = (
    (
        Outcome.Kind.OUTCOME,
        "Participants shared approaches to competency modelling in close collaboration with operational units.",
    ),
    (
        Outcome.Kind.OUTCOME,
        "Budget constraints, instructor shortages and content obsolescence were identified as common challenges.",
    ),
    (
        Outcome.Kind.RECOMMENDATION,
        "Compile a Good Practices Collection documenting successful training initiatives of member administrations.",
    ),
    (
        Outcome.Kind.RECOMMENDATION,
        "Promote wider adoption of blended learning, microlearning and mobile learning.",
    ),
)
#: Integrity (VAL1) is taught in every language of the region (a need met in full on the supply-demand
#: page); Risk Analysis (OPS6) only in Chinese and English (a shortfall for Japanese-speaking officers).
EXPERTS = (
    (
        "kasumi",
        "Haruka Mori",
        "expert_trainer",
        "accredited",
        ("ja", "en"),
        (("OPS2", 4), ("OPS3", 3), ("VAL1", 4)),
    ),
    ("kasumi", "Kenji Sato", "diagnostic_facilitator", "in_field", ("ja", "en"), (("MAN5", 3),)),
    (
        "lumeria",
        "Li Wei",
        "technical_advisor",
        "accredited",
        ("zh", "en"),
        (("OPS6", 4), ("OPS13", 3), ("VAL1", 4)),
    ),
    ("sarnavia", "Somchai Wong", "expert_trainer", "workshop", ("th", "en"), (("OPS3", 3),)),
    ("sarnavia", "Niran Chaiyasit", "expert_trainer", "accredited", ("th", "en"), (("VAL1", 4), ("OPS3", 4))),
    ("galdoria", "Olivia Grant", "leadership_advisor", "accredited", ("en",), (("MAN3", 4), ("MAN6", 3))),
    (
        None,
        "Regional e-learning adviser",
        "modernisation_advisor",
        "accredited",
        ("en", "fr"),
        (("OPS11", 3),),
    ),
)


#: Share of the 2019 participants whose paper evaluation forms are entered (24 of 32).
PAPER_FORMS = 24
TAKE_HOME = (
    "A competency framework built together with the operational units",
    "Linking the training needs analysis to the strategic plan",
    "Microlearning for officers at remote border posts",
)


@dataclass(frozen=True)
class CommunityDemoSummary:
    participants: int
    administrations: int
    experts: int
    evaluation_responses: int = 0


def _officers(admin: Administration, count: int) -> list[Officer]:
    return list(Officer.objects.filter(administration=admin, active=True).order_by("id")[:count])


def _workshop(
    region: Region, coordinator: UserLike, admins: list[Administration], practice: Practice | None
) -> tuple[int, int]:
    event = event_create(
        actor=coordinator,
        region=region,
        code=WORKSHOP_CODE,
        title="Regional Workshop on Training Management",
        theme="Strategic alignment, competency frameworks, the training cycle",
        starts_on=dt.date(2019, 3, 4),
        ends_on=dt.date(2019, 3, 8),
        venue="Japan Customs Regional Training Center, Kashiwa",
        organisers="WCO, Japan Customs, ROCB A/P",
        seats=32,
        languages=["en"],
    )
    call_open(
        actor=coordinator,
        event=event,
        closes_on=dt.date(2019, 1, 31),
        quota_per_administration=1,
        quotas={a.pk: 2 for a in admins if a.code in TWO_SEATS},
    )
    nominations = []
    for admin in admins:
        tm = get_user_model().objects.get(username=f"tm.{admin.code}")
        for priority, officer in enumerate(_officers(admin, 2 if admin.code in TWO_SEATS else 1), start=1):
            nominations.append(
                nomination_create(
                    actor=tm, event=event, officer=officer, priority=priority, today=dt.date(2019, 1, 15)
                )
            )
    for nomination in nominations:
        nomination_select(actor=coordinator, nomination=nomination)
    selection_close(actor=coordinator, event=event)
    for day, time, title, speaker in AGENDA:
        agenda_item_add(
            actor=coordinator,
            event=event,
            day=event.starts_on + dt.timedelta(days=day),
            starts_at=dt.time.fromisoformat(time),
            title=title,
            speaker=speaker,
        )
    material_add(
        actor=coordinator,
        event=event,
        title="WCO Framework of Principles and Practices on Customs Professionalism",
        url="https://www.wcoomd.org/",
    )
    for nomination in nominations:
        attendance_record(actor=coordinator, nomination=nomination, attended=True)
    for kind, text in OUTCOMES:
        outcome = outcome_record(actor=coordinator, event=event, kind=kind, text=text)
        if practice is not None and "Good Practices Collection" in text:
            outcome.practices.add(practice)
    event_mark_held(actor=coordinator, event=event)
    return len(nominations), _workshop_evaluation(event, coordinator, nominations)


def _workshop_evaluation(event: Event, coordinator: UserLike, nominations: list[Nomination]) -> int:
    """The region's standard evaluation form, and the paper forms of most participants (fixed answers)."""
    survey = event_evaluation_send(
        actor=coordinator, event=event, questions=questions_parse(WORKSHOP_QUESTIONS)
    )
    questions = list(survey.template.questions.order_by("sequence"))
    overall = ("Excellent", "Good", "Good", "Fair")
    for i, nomination in enumerate(nominations[:PAPER_FORMS]):
        answers: dict[str, str] = {}
        for n, question in enumerate(questions):
            if question.kind == "likert":
                answers[f"q{question.pk}"] = str(3 + (i * 7 + n) % 3)
            elif question.kind == "choice":
                answers[f"q{question.pk}"] = overall[i % len(overall)]
            elif n == 5 and i % 3 == 0:
                answers[f"q{question.pk}"] = TAKE_HOME[i % len(TAKE_HOME)]
        survey_respond_on_paper(actor=coordinator, survey=survey, officer=nomination.officer, answers=answers)
    return min(PAPER_FORMS, len(nominations))


def _upcoming(region: Region, coordinator: UserLike, admins: list[Administration], today: dt.date) -> None:
    start = dt.date(today.year + 1, 3, 2)
    event = event_create(
        actor=coordinator,
        region=region,
        code=f"eval-workshop-{start.year}",
        title="Regional Workshop on Training Evaluation and ROI",
        theme="Evaluation up to behaviour, results and return on investment",
        starts_on=start,
        ends_on=start + dt.timedelta(days=4),
        venue="Regional Training Centre",
        organisers="ROCB A/P",
        seats=24,
        languages=["en"],
    )
    call_open(
        actor=coordinator, event=event, closes_on=start - dt.timedelta(days=30), quota_per_administration=2
    )
    for admin in admins[:4]:
        tm = get_user_model().objects.get(username=f"tm.{admin.code}")
        for priority, officer in enumerate(_officers(admin, 2), start=1):
            nomination_create(actor=tm, event=event, officer=officer, priority=priority, today=today)


def _experts(region: Region, coordinator: UserLike, admins: dict[str, Administration]) -> int:
    comps = {c.code: c.pk for c in Competency.objects.filter(framework__region=region, kind="competency")}
    count = 0
    for code, name, category, stage, languages, competencies in EXPERTS:
        home = admins.get(code) if code else None
        if code and home is None:
            continue
        expert_register(
            actor=coordinator,
            region=region,
            home_administration=home,
            name=name,
            category=category,
            stage=stage,
            languages=languages,
            competencies=[(comps[c], level) for c, level in competencies if c in comps],
        )
        count += 1
    return count


def load_community_demo(*, region: Region, today: dt.date) -> CommunityDemoSummary:
    """Load the 2019 workshop, an upcoming workshop with nominations pending, and the expert pool."""
    if Event.objects.filter(region=region, code=WORKSHOP_CODE).exists():
        return CommunityDemoSummary(0, 0, Expert.objects.filter(region=region).count())
    coordinator = get_user_model().objects.get(username="coordinator")
    admins = list(Administration.objects.filter(region=region).order_by("code"))
    practice = (
        Practice.objects.filter(administration__region=region, state=Practice.State.PUBLISHED)
        .order_by("id")
        .first()
    )
    participants, responses = _workshop(region, coordinator, admins, practice)
    _upcoming(region, coordinator, admins, today)
    experts = _experts(region, coordinator, {a.code: a for a in admins})
    return CommunityDemoSummary(participants, len(admins), experts, responses)
