"""cmi5 test helpers: course structures written here (not CATAPULT's files), packages, an AU driver."""

from __future__ import annotations

import base64
import datetime as dt
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest
from django.test import Client

from cadre.cmi5 import vocabulary as v
from cadre.lrs.auth import rate_limiter

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
BASE = "https://example.org/cmi5-tests"


def au_xml(
    name: str,
    *,
    url: str = "index.html",
    attrs: str = "",
    extra: str = "",
    before_url: str = "",
) -> str:
    return (
        f'<au id="{BASE}/au/{name}" {attrs}>'
        f'<title><langstring lang="en">AU {name}</langstring></title>'
        f'<description><langstring lang="en">About {name}</langstring></description>'
        f"{before_url}<url>{url}</url>{extra}</au>"
    )


def course_xml(*members: str, course_id: str = f"{BASE}/course/1", objectives: str = "") -> bytes:
    body = "".join(members) or au_xml("one")
    return (
        f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
        f'<course id="{course_id}"><title><langstring lang="en">Tariff basics</langstring></title>'
        f'<description><langstring lang="en">Classification</langstring></description></course>'
        f"{objectives}{body}</courseStructure>"
    ).encode()


def block_xml(name: str, *members: str) -> str:
    return (
        f'<block id="{BASE}/block/{name}"><title><langstring lang="en">Block {name}</langstring></title>'
        f'<description><langstring lang="en">About block {name}</langstring></description>'
        f"{''.join(members)}</block>"
    )


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Au:
    """A launched AU as content would drive it: reads the launch URL, fetches its token, talks xAPI."""

    launch_url: str
    auth: str = ""
    params: dict[str, str] = field(default_factory=dict)
    launch_data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.params = {k: v_[0] for k, v_ in parse_qs(urlsplit(self.launch_url).query).items()}

    @property
    def actor(self) -> dict[str, Any]:
        return orjson.loads(self.params["actor"])

    @property
    def session_id(self) -> str:
        return str(self.launch_data["contextTemplate"]["extensions"][v.EXT_SESSION])

    def fetch(self) -> dict[str, Any]:
        path = urlsplit(self.params["fetch"]).path
        return orjson.loads(Client().post(path).content)

    def start(self) -> None:
        """What a cmi5 AU does first: fetch the token, read LMS.LaunchData and the learner preferences."""
        self.auth = "Basic " + self.fetch()["auth-token"]
        response = self.request("get", "/xapi/activities/state", self.state_params())
        assert response.status_code == 200, response.content
        self.launch_data = orjson.loads(response.content)
        prefs = self.request(
            "get",
            "/xapi/agents/profile",
            {"agent": self.params["actor"], "profileId": v.LEARNER_PREFERENCES},
        )
        assert prefs.status_code == 200, prefs.content

    def state_params(self) -> dict[str, str]:
        return {
            "activityId": self.params["activityId"],
            "agent": self.params["actor"],
            "registration": self.params["registration"],
            "stateId": v.LAUNCH_DATA,
        }

    def request(self, method: str, path: str, params: dict[str, str] | None = None, body: Any = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": self.auth, "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
        client = Client()
        if method == "get":
            return client.get(path, params or {}, **headers)
        query = "?" + "&".join(f"{k}={v_}" for k, v_ in (params or {}).items()) if params else ""
        data = body if isinstance(body, bytes) else orjson.dumps(body)
        return getattr(client, method)(path + query, data, content_type="application/json", **headers)

    def statement(
        self, verb: str, *, defined: bool = True, result: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        context = orjson.loads(orjson.dumps(self.launch_data["contextTemplate"]))
        context["registration"] = self.params["registration"]
        categories = [{"id": v.CATEGORY_CMI5}] if defined else []
        if result and ("success" in result or "completion" in result):
            categories.append({"id": v.CATEGORY_MOVEON})
        if categories:
            context["contextActivities"]["category"] = categories
        if result and "score" in result and "masteryScore" in self.launch_data:
            context["extensions"][v.EXT_MASTERY] = self.launch_data["masteryScore"]
        st: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": self.actor,
            "verb": {"id": verb},
            "object": {"id": self.params["activityId"], "objectType": "Activity"},
            "context": context,
            "timestamp": now_utc(),
        }
        if result is not None:
            st["result"] = result
        return st

    def send(self, *statements: dict[str, Any]) -> Any:
        return self.request("post", "/xapi/statements", body=list(statements))


def completed() -> dict[str, Any]:
    return {"completion": True, "duration": "PT1M"}


def passed(scaled: float = 0.9) -> dict[str, Any]:
    return {"success": True, "duration": "PT1M", "score": {"scaled": scaled}}


def failed(scaled: float = 0.2) -> dict[str, Any]:
    return {"success": False, "duration": "PT1M", "score": {"scaled": scaled}}


def reader_auth(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.CADRE_CMI5_CONTENT_ROOT = str(tmp_path / "cmi5")
    rate_limiter.reset()
