"""REST endpoints for the caller's own API tokens."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import AliasChoices, StringConstraints

from cadre.accounts.models import ApiToken
from cadre.accounts.selectors import api_tokens_for_user
from cadre.accounts.services import api_token_issue, api_token_revoke

router = Router()


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to recognise it.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool = Field(validation_alias=AliasChoices("is_active", "active"))


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="Shown once; only a digest is stored.")


class TokenIn(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


@router.get("", response=list[TokenOut])
@paginate
def token_list(request: HttpRequest) -> QuerySet[ApiToken]:
    """Your own tokens, newest first, revoked ones included."""
    return api_tokens_for_user(user=request.user)


@router.post("", response={201: TokenCreatedOut})
def token_create(request: HttpRequest, payload: TokenIn) -> tuple[int, TokenCreatedOut]:
    """Issue a token for your account; copy the secret now, it is never shown again."""
    owner: Any = request.user
    issued = api_token_issue(user=owner, name=payload.name)
    out = TokenCreatedOut.model_validate(
        {**TokenOut.model_validate(issued.token).model_dump(), "secret": issued.secret}
    )
    return 201, out


@router.delete("/{token_id}", response={204: None})
def token_revoke(request: HttpRequest, token_id: int) -> tuple[int, None]:
    """Revoke one of your tokens; someone else's token answers 404 like a missing one."""
    owner: Any = request.user
    if not api_token_revoke(user=owner, token_id=token_id):
        raise Http404("Not found")
    return 204, None
