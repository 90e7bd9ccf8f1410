"""Personal API tokens, managed from a signed-in browser session (never with a token:
a leaked token cannot make more). A user sees and revokes only their own."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from starlette.responses import Response

from notewell.services import api_tokens
from notewell.web.api_auth import SessionCaller
from notewell.web.api_models import NewTokenOut, TokenIn, TokenList
from notewell.web.routes_api import ERRORS, PREFIX, RecordId

router = APIRouter(prefix=f"{PREFIX}/tokens", responses=ERRORS, tags=["tokens"])


@router.post("", response_model=NewTokenOut, status_code=201)
def create_token(body: TokenIn, caller: SessionCaller) -> NewTokenOut:
    """The token is in this answer only; the server keeps its SHA-256 hash."""
    made = api_tokens.create_token(caller.ctx, body.name, body.expires_in_days)
    return NewTokenOut.model_validate({**asdict(made.view), "token": made.token})


@router.get("", response_model=TokenList)
def list_tokens(caller: SessionCaller) -> TokenList:
    return TokenList.model_validate({"tokens": api_tokens.list_tokens(caller.ctx)})


@router.delete("/{token_id}", status_code=204, response_class=Response)
def revoke_token(token_id: RecordId, caller: SessionCaller) -> Response:
    api_tokens.revoke_token(caller.ctx, token_id)
    return Response(status_code=204)
