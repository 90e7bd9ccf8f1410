"""FastAPI dependencies: the signed-in session of a page, and of a POST (CSRF first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from notewell.web.session import WebSession, check_csrf, resume


def page_session(request: Request) -> WebSession:
    return resume(request)  # sync: FastAPI runs it in the thread pool (database I/O)


async def post_session(request: Request) -> WebSession:
    await check_csrf(request)
    return await run_in_threadpool(resume, request)


Page = Annotated[WebSession, Depends(page_session)]
Post = Annotated[WebSession, Depends(post_session)]
