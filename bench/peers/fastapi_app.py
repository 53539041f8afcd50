"""Peer (b): FastAPI + SQLAlchemy 2 (async, psycopg 3, a pool) + pydantic.

    BENCH_DB=postgres://… gunicorn -k uvicorn_worker.UvicornWorker -w 2 \
        'bench.peers.fastapi_app:app'

Mapped classes for the tables it reads, the key's checks in one Core query (a dependency), the
page through the ORM, the body by a pydantic response model: how the FastAPI docs would have it.
"""
# ruff: noqa: B008  (FastAPI's dependency injection is declared in defaults)

from __future__ import annotations

import os
import uuid
from contextlib import asynccontextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import (
    ARRAY,
    Boolean,
    DateTime,
    ForeignKey,
    Numeric,
    String,
    Text,
    and_,
    or_,
    select,
)
from sqlalchemy import Uuid as SAUuid
from sqlalchemy import text as sql_text
from sqlalchemy import tuple_ as sql_tuple
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bench.peers import common


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "tier2_users"
    u_id: Mapped[uuid.UUID] = mapped_column(SAUuid, primary_key=True)
    email: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean)


class Result(Base):
    __tablename__ = "assessment_scoring_results"
    id: Mapped[uuid.UUID] = mapped_column(SAUuid, primary_key=True)
    org_id: Mapped[uuid.UUID] = mapped_column(SAUuid)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tier2_users.u_id"))
    assessment_type: Mapped[str] = mapped_column(Text)
    score: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    bracket: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    next_steps: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    confidence: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    ai_insights: Mapped[Any] = mapped_column(JSONB)
    category_scores: Mapped[Any] = mapped_column(JSONB)
    swot_analysis: Mapped[Any] = mapped_column(JSONB)
    assessment_id: Mapped[uuid.UUID | None] = mapped_column(SAUuid)
    template_id: Mapped[uuid.UUID | None] = mapped_column(SAUuid)
    rubric_version: Mapped[str | None] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class ResultOut(BaseModel):
    id: uuid.UUID
    assessment_type: str
    score: Decimal
    bracket: str
    description: str | None
    recommendations: list[str] | None
    next_steps: list[str] | None
    confidence: Decimal | None
    ai_insights: Any
    category_scores: Any
    swot_analysis: Any
    assessment_id: uuid.UUID | None
    template: uuid.UUID | None
    rubric_version: str | None
    user_email: str
    created_at: datetime


class Page(BaseModel):
    next: str | None
    previous: str | None
    results: list[ResultOut]


engine = create_async_engine(
    os.environ.get("BENCH_DB", "postgresql://localhost/none").replace(
        "postgres://", "postgresql+psycopg://", 1
    ),
    pool_size=4,
    max_overflow=0,
)
sessions = async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def lifespan(_app):
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)
AUTH = sql_text(common.AUTH_SQL.replace("%(prefix)s", ":prefix"))


async def session():
    async with sessions() as db:
        yield db


def _refuse(refused: common.Refused) -> HTTPException:
    return HTTPException(status_code=refused.status, detail=refused.detail)


@app.get("/api/v1/orgs/{slug}/results/", response_model=Page)
async def results(
    slug: str,
    request: Request,
    cursor: str | None = Query(None),
    page_size: str | None = Query(None),
    authorization: str | None = Header(None),
    db: AsyncSession = Depends(session),
):
    try:
        raw, prefix = common.key_prefix(authorization)
        position = common.decode_cursor(cursor)
        size = common.page_size(page_size)
        row = (await db.execute(AUTH, {"prefix": prefix})).first()
        user_id, whole_org = common.check_auth(row, raw, slug)
    except common.Refused as refused:
        raise _refuse(refused) from None
    query = select(Result).where(Result.org_id == row.org_id)
    if not whole_org:
        shared = sql_text(
            "SELECT content_object_id FROM assessment_scoring_results_user_perms"
            " WHERE user_id = :me"
        ).bindparams(me=user_id)
        query = query.where(or_(Result.user_id == user_id, Result.id.in_(shared)))
    key = sql_tuple(Result.created_at, Result.id)
    if position is None:
        query = query.order_by(Result.created_at.desc(), Result.id.desc())
    elif position[0]:
        query = query.where(key > sql_tuple(position[1], uuid.UUID(position[2])))
        query = query.order_by(Result.created_at.asc(), Result.id.asc())
    else:
        query = query.where(and_(key < sql_tuple(position[1], uuid.UUID(position[2]))))
        query = query.order_by(Result.created_at.desc(), Result.id.desc())
    rows = list((await db.scalars(query.limit(size + 1))).all())
    base = str(request.url).split("?")[0]
    rows, next_url, previous_url = common.links(
        base, rows, position, size, key=lambda r: (r.created_at, r.id)
    )
    return Page(
        next=next_url,
        previous=previous_url,
        results=[ResultOut(**_fields(r)) for r in rows],
    )


def _fields(r: Result) -> dict:
    return {
        "id": r.id, "assessment_type": r.assessment_type, "score": r.score,
        "bracket": r.bracket, "description": r.description,
        "recommendations": r.recommendations, "next_steps": r.next_steps,
        "confidence": r.confidence, "ai_insights": r.ai_insights,
        "category_scores": r.category_scores, "swot_analysis": r.swot_analysis,
        "assessment_id": r.assessment_id, "template": r.template_id,
        "rubric_version": r.rubric_version, "user_email": r.user.email,
        "created_at": r.created_at,
    }  # fmt: skip
