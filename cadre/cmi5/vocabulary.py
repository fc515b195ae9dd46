"""cmi5 identifiers: verbs, categories, extensions, and the LMS-generated activity IRIs (9.4, 8.1.5)."""

from __future__ import annotations

from django.conf import settings

from cadre.cmi5.models import AssignableUnit, Block, CoursePackage

LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
INITIALIZED = "http://adlnet.gov/expapi/verbs/initialized"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
TERMINATED = "http://adlnet.gov/expapi/verbs/terminated"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
AU_VERBS = frozenset({INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED})
JUDGED = frozenset({COMPLETED, PASSED, FAILED})

CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
EXT = "https://w3id.org/xapi/cmi5/context/extensions/"
EXT_SESSION = EXT + "sessionid"
EXT_MASTERY = EXT + "masteryscore"
EXT_LAUNCH_MODE = EXT + "launchmode"
EXT_LAUNCH_URL = EXT + "launchurl"
EXT_MOVE_ON = EXT + "moveon"
EXT_LAUNCH_PARAMETERS = EXT + "launchparameters"
EXT_REASON = "https://w3id.org/xapi/cmi5/result/extensions/reason"
TYPE_BLOCK = "https://w3id.org/xapi/cmi5/activitytype/block"
TYPE_COURSE = "https://w3id.org/xapi/cmi5/activitytype/course"
LAUNCH_DATA = "LMS.LaunchData"
LEARNER_PREFERENCES = "cmi5LearnerPreferences"


def activity_base() -> str:
    return str(getattr(settings, "CADRE_CMI5_ACTIVITY_BASE", "https://cadre.invalid/cmi5")).rstrip("/")


def actor_home_page() -> str:
    return str(getattr(settings, "CADRE_CMI5_ACTOR_HOMEPAGE", "https://cadre.invalid/officers"))


def course_iri(package: CoursePackage) -> str:
    return f"{activity_base()}/{package.identifier}"


def block_iri(block: Block) -> str:
    return f"{activity_base()}/{block.package.identifier}/block/{block.sequence}"


def au_iri(au: AssignableUnit) -> str:
    return f"{activity_base()}/{au.package.identifier}/au/{au.sequence}"
