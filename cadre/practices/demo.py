"""Demo good practices: published entries in English, Japanese, Chinese and Thai, plus one submitted
entry waiting for the regional coordinator and one draft. Deterministic and idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from cadre.practices.models import Practice
from cadre.practices.services import (
    PracticeInput,
    practice_create,
    practice_publish,
    practice_submit,
    practice_translation_set,
)
from cadre.tenancy.models import Administration, Region


@dataclass(frozen=True)
class Spec:
    admin: str
    state: str
    data: PracticeInput
    translation: tuple[str, str, str] | None = None  # language, title, summary


SPECS = (
    Spec(
        "kasumi",
        "published",
        PracticeInput(
            title="研修管理の高度化：能力モデルに基づく年間研修計画",
            year=2019,
            language="ja",
            summary="職務プロファイルと能力評価の結果から研修ニーズを算出し、予算と講師の制約の中で年間研修計画を作成した。",
            context="税関研修所と各税関の人事担当が別々に計画を作っていた。",
            challenge="研修の優先順位が戦略目標と結びついていなかった。",
            approach="能力モデルを現場の上級審査官と共同で作成し、評価結果を毎年更新した。",
            results="戦略目標に関連する研修の割合が四割から七割に増えた。",
            lessons="現場部門の参加が能力モデルの信頼性を高める。",
            transferability="中規模以上の税関で適用可能。",
            topics=("competency_frameworks", "needs_analysis", "strategic_alignment"),
            delivery_mode="classroom",
        ),
        (
            "en",
            "Training management driven by a competency model",
            "Needs computed from job profiles and assessments feed a costed annual plan.",
        ),
    ),
    Spec(
        "kasumi",
        "published",
        PracticeInput(
            title="VRによるコンテナ検査訓練",
            year=2021,
            language="ja",
            summary="港湾でのコンテナ検査をVRで再現し、危険を伴わずに検査手順を反復練習できるようにした。",
            approach="実際の検査事例を基にシナリオを作成し、xAPIで成績を記録した。",
            results="新任審査官の検査手順の誤りが三割減少した。",
            topics=("vr", "ai_analytics"),
            delivery_mode="vr",
        ),
        (
            "en",
            "VR training for container inspection",
            "Seaport container inspection rehearsed safely in virtual reality.",
        ),
    ),
    Spec(
        "lumeria",
        "published",
        PracticeInput(
            title="海关培训效果四级评估",
            year=2020,
            language="zh",
            summary="采用柯氏四级评估模型，从反应、学习、行为到结果全面衡量培训效果。",
            approach="培训结束三个月后由主管对学员进行行为跟踪评估。",
            results="课程改进的依据更加充分，低效课程减少了两成。",
            topics=("evaluation",),
            delivery_mode="blended",
        ),
        (
            "en",
            "Four-level evaluation of customs training",
            "Kirkpatrick's four levels applied, with supervisor follow-up after three months.",
        ),
    ),
    Spec(
        "quintara",
        "published",
        PracticeInput(
            title="移动微学习：归类知识每日五分钟",
            year=2022,
            language="zh",
            summary="通过手机每天推送五分钟的商品归类微课程，适合一线关员利用碎片时间学习。",
            results="参与关员的归类测验平均分提高了15分。",
            topics=("microlearning", "mobile"),
            delivery_mode="mobile",
        ),
        None,
    ),
    Spec(
        "sarnavia",
        "published",
        PracticeInput(
            title="หลักสูตรการประเมินราคาศุลกากรแบบผสมผสาน",
            year=2021,
            language="th",
            summary="ผสมผสานการเรียนออนไลน์ด้านทฤษฎีกับกรณีศึกษาในห้องเรียน เพื่อพัฒนาเจ้าหน้าที่ด้านการประเมินราคาศุลกากร",
            approach="ผู้เรียนศึกษาบทเรียนออนไลน์ก่อน แล้วฝึกกรณีศึกษาจริงกับวิทยากร",
            results="ระยะเวลาอบรมในห้องเรียนลดลงครึ่งหนึ่ง",
            topics=("blended", "training_cycle"),
            delivery_mode="blended",
        ),
        (
            "en",
            "Blended customs valuation course",
            "Online theory before classroom case work halves the time away from duty.",
        ),
    ),
    Spec(
        "aldovia",
        "published",
        PracticeInput(
            title="Instructor development through peer observation",
            year=2019,
            language="en",
            summary="Internal instructors observe each other twice a year and give structured feedback.",
            approach="A short observation grid agreed with the training institute; pairs rotate yearly.",
            results="Learner reaction scores rose from 3.6 to 4.3 out of 5.",
            lessons="Keep the grid short; make observation mutual, never an inspection.",
            topics=("instructor_development",),
            delivery_mode="classroom",
        ),
    ),
    Spec(
        "galdoria",
        "published",
        PracticeInput(
            title="Costed annual training plan tied to strategic objectives",
            year=2020,
            language="en",
            summary="Every course in the annual plan names the strategic objective it serves and its cost per participant.",
            approach="Needs analysis results weighted by objective priority; plan trimmed to the budget.",
            results="Leadership approved the plan in one meeting instead of three.",
            topics=("budgeting", "strategic_alignment"),
            delivery_mode="",
        ),
    ),
    Spec(
        "istrelia",
        "published",
        PracticeInput(
            title="Keeping e-learning current with the Harmonized System editions",
            year=2022,
            language="en",
            summary="Each module is tied to the HS edition it cites; a new edition flags the modules to review.",
            results="All classification modules were updated within four months of HS 2022.",
            topics=("content_maintenance", "training_cycle"),
            delivery_mode="elearning",
        ),
    ),
    Spec(
        "kelloria",
        "published",
        PracticeInput(
            title="Microlearning for risk analysis refreshers",
            year=2023,
            language="en",
            summary="Ten-minute refreshers on risk indicators delivered before each shift on tablets.",
            topics=("microlearning", "mobile"),
            delivery_mode="microlearning",
        ),
    ),
    Spec(
        "belmora",
        "submitted",
        PracticeInput(
            title="Regional training centre twinning for new examiners",
            year=2023,
            language="en",
            summary="New examiners spend two weeks at a partner administration's regional training centre.",
            approach="Quota of places agreed yearly; mentors assigned on both sides.",
            topics=("international_cooperation", "training_cycle"),
            delivery_mode="on_the_job",
        ),
    ),
    Spec(
        "kasumi",
        "draft",
        PracticeInput(
            title="AIを活用した研修ニーズ分析（試行）",
            year=2024,
            language="ja",
            summary="評価データと業務実績データから研修ニーズを推定する試行。",
            topics=("ai_analytics", "needs_analysis"),
            delivery_mode="",
        ),
    ),
)


@dataclass(frozen=True)
class PracticesDemoSummary:
    created: int
    published: int
    submitted: int


def load_practices_demo(*, region: Region) -> PracticesDemoSummary:
    """Load the demo collection once; a second call adds nothing."""
    if Practice.objects.filter(administration__region=region).exists():
        return PracticesDemoSummary(0, 0, 0)
    users = get_user_model().objects
    coordinator = users.get(username="coordinator")
    admins = {a.code: a for a in Administration.objects.filter(region=region)}
    created = published = submitted = 0
    for spec in SPECS:
        admin = admins.get(spec.admin)
        if admin is None:
            continue
        tm = users.get(username=f"tm.{spec.admin}")
        practice = practice_create(actor=tm, administration=admin, data=spec.data)
        if spec.translation:
            language, title, summary = spec.translation
            practice_translation_set(
                actor=tm, practice=practice, language=language, title=title, summary=summary
            )
        created += 1
        if spec.state in ("submitted", "published"):
            practice_submit(actor=tm, practice=practice)
            submitted += spec.state == "submitted"
        if spec.state == "published":
            practice_publish(actor=coordinator, practice=practice)
            published += 1
    return PracticesDemoSummary(created, published, submitted)
