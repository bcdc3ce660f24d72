"""Customer attributes: typed facts a core system keeps about a customer (segment, product tier, demographic codes)
for scoring and segmentation. One row per customer and attribute name; the value sits in the column of its kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Fixed


class CustomerAttribute(Base):
    """``kind`` is ``text``, ``number``, ``date`` or ``flag``; exactly the matching value column is set."""

    __tablename__ = "customer_attributes"
    __table_args__ = (UniqueConstraint("customer_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text_value: Mapped[str | None] = mapped_column(String(255))
    number_value: Mapped[Decimal | None] = mapped_column(Fixed(scale=4, precision=18))
    date_value: Mapped[dt.date | None]
    flag_value: Mapped[bool | None]
    updated_at: Mapped[dt.datetime]
