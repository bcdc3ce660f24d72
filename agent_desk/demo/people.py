"""Demo customers: names, national ids, addresses across the three time zones, numbers, flags, consents."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import random
from decimal import Decimal
from typing import Any

from agent_desk.demo.accounts import rupiah
from agent_desk.demo.pools import Pools, Province
from db.models import ConsentKind, ContactKind, ContactOwner, FlagKind

# Share of customers carrying each flag (the rest carry none).
FLAG_SHARES = (
    (FlagKind.HARDSHIP, 0.02),
    (FlagKind.DISPUTE, 0.01),
    (FlagKind.CEASE_CONTACT, 0.005),
    (FlagKind.VULNERABLE, 0.005),
    (FlagKind.REPRESENTED_BY_LAWYER, 0.003),
    (FlagKind.DECEASED, 0.002),
    (FlagKind.BANKRUPTCY, 0.001),
)
UNKNOWN_ZONE_SHARE = 0.02
INVALID_NUMBER_SHARE = 0.03
# Written messages: how many customers gave an e-mail address, and how many agreed to WhatsApp on their mobile.
EMAIL_SHARE = 0.55
WHATSAPP_CONSENT_SHARE = 0.45
EMAIL_DOMAINS = ("example.co.id", "example.com", "example.id")


@dataclasses.dataclass
class CustomerRows:
    customer: dict[str, Any]
    contact_points: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    consents: list[dict[str, Any]]

    @property
    def zone(self) -> str | None:
        zone: str | None = self.customer["timezone"]
        return zone

    @property
    def dialable_self_numbers(self) -> list[dict[str, Any]]:
        return [cp for cp in self.contact_points if cp["dialable"] and cp["owner"] == ContactOwner.SELF]


def person_name(rng: random.Random, pools: Pools, *, female: bool | None = None) -> tuple[str, bool]:
    female = rng.random() < 0.5 if female is None else female
    given = rng.choice(pools.given_female if female else pools.given_male)
    if rng.random() < pools.single_name_share:
        return given, female
    if rng.random() < 0.2:
        second = rng.choice(pools.given_female if female else pools.given_male)
        if second != given:
            given = f"{given} {second}"
    return f"{given} {rng.choice(pools.family)}", female


def mobile_number(rng: random.Random, pools: Pools) -> str:
    """A +62 mobile number of 10 or 11 national digits (phonenumbers accepts these as valid)."""
    prefix = rng.choice(pools.mobile_prefixes)
    rest = rng.randint(6, 7) + (1 if rng.random() < 0.5 else 0)
    rest = min(rest, 8)
    return "+62" + prefix + "".join(str(rng.randint(0, 9)) for _ in range(rest))


def display_mobile(e164: str) -> str:
    """How a core system would export it: 0812-3456-7890."""
    national = "0" + e164[3:]
    return f"{national[:4]}-{national[4:8]}-{national[8:]}"


def landline(rng: random.Random, area_code: str) -> str:
    digits = 8 if len(area_code) == 2 else 7
    return "+62" + area_code + str(rng.randint(2, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))


def national_id(rng: random.Random, province: Province | None, birth: dt.date, female: bool) -> str:
    """A 16-digit NIK in the shape of the real one (province, regency, district, birth date, serial)."""
    code = province.code if province else rng.randint(11, 94)
    day = birth.day + (40 if female else 0)
    region = f"{code:02d}{rng.randint(1, 79):02d}{rng.randint(1, 40):02d}"
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}"


def choose_province(rng: random.Random, pools: Pools) -> Province:
    weights = pools.province_cumulative_weights
    return pools.provinces[bisect.bisect_right(weights, rng.randrange(weights[-1]))]


def make_customer(
    rng: random.Random,
    pools: Pools,
    *,
    customer_id: int,
    today: dt.date,
    now: dt.datetime,
    ids: dict[str, int],
) -> CustomerRows:
    name, female = person_name(rng, pools)
    age_days = rng.randint(21 * 365, 65 * 365)
    birth = today - dt.timedelta(days=age_days)
    province = choose_province(rng, pools)
    city, area_code = rng.choice(province.cities)
    unknown_zone = rng.random() < UNKNOWN_ZONE_SHARE
    income = rupiah(rng.lognormvariate(15.6, 0.5), 100_000)  # median about Rp 6 juta a month
    customer = {
        "id": customer_id,
        "customer_number": f"CIF{customer_id:09d}",
        "full_name": name,
        "national_id": national_id(rng, province, birth, female),
        "birth_date": birth,
        "language": "id",
        "address_line": f"{rng.choice(pools.streets)} No. {rng.randint(1, 250)}, "
        f"RT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}",
        "city": None if unknown_zone else city,
        "province": None if unknown_zone else province.name,
        "postal_code": f"{rng.randint(10, 99)}{rng.randint(100, 999)}",
        "country": "ID",
        "timezone": None if unknown_zone else province.zone,
        "employer": rng.choice(pools.employers),
        "monthly_income": min(income, Decimal("150000000.00")),
        "assigned_user_id": None,
        "assigned_team_id": None,
        "created_at": now,
        "updated_at": now,
    }
    contact_points = _contact_points(rng, pools, customer_id, area_code, now, ids)
    flags: list[dict[str, Any]] = []
    for kind, share in FLAG_SHARES:
        if rng.random() < share:
            flags.append(_flag(ids, customer_id, None, kind, now - dt.timedelta(days=rng.randint(1, 90))))
    for cp in contact_points:
        if cp["dialable"] and rng.random() < 0.005:
            flags.append(_flag(ids, customer_id, cp["id"], FlagKind.DO_NOT_CALL, now - dt.timedelta(days=30)))
    consents: list[dict[str, Any]] = []
    if rng.random() < 0.03:
        granted = now - dt.timedelta(days=rng.randint(1, 60))
        consents.append(
            _consent(
                ids,
                customer_id,
                ConsentKind.CONTACT_OUTSIDE_HOURS,
                granted,
                granted + dt.timedelta(days=rng.choice((30, 90))),
                {"from": "06:30", "until": "21:30"},
            )
        )
    if rng.random() < 0.35:
        consents.append(
            _consent(
                ids,
                customer_id,
                ConsentKind.CALL_RECORDING,
                now - dt.timedelta(days=rng.randint(30, 400)),
                None,
                {},
            )
        )
    _written_contact(customer, contact_points, consents, now, ids)
    return CustomerRows(customer, contact_points, flags, consents)


def _written_contact(
    customer: dict[str, Any],
    contact_points: list[dict[str, Any]],
    consents: list[dict[str, Any]],
    now: dt.datetime,
    ids: dict[str, int],
) -> None:
    """An e-mail address and a WhatsApp consent for some customers, from a stream of their own: the main random
    stream (and with it every name, number and debt of the book) stays what it was before messages existed."""
    customer_id = int(customer["id"])
    rng = random.Random(customer_id * 7_919 + 104_729)
    if rng.random() < EMAIL_SHARE:
        local = ".".join(_ascii_word(part) for part in str(customer["full_name"]).split()[:2])
        address = f"{local}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}"
        contact_points.append(
            {
                "id": ids["contact_point"],
                "customer_id": customer_id,
                "kind": ContactKind.EMAIL,
                "owner": ContactOwner.SELF,
                "owner_name": None,
                "relationship_to_customer": None,
                "raw_value": address,
                "e164": None,
                "dialable": False,
                "invalid_reason": None,
                "is_primary": False,
                "timezone_override": None,
                "valid_from": now - dt.timedelta(days=400),
                "valid_until": None,
                "invalidated_at": None,
                "verified_count": rng.choice((0, 1, 1, 2)),
                "wrong_number_count": 0,
                "preferred_hours": [],
                "created_at": now,
            }
        )
        ids["contact_point"] += 1
    if rng.random() < WHATSAPP_CONSENT_SHARE:
        consents.append(
            _consent(
                ids,
                customer_id,
                ConsentKind.WHATSAPP_CONTACT,
                now - dt.timedelta(days=rng.randint(5, 300)),
                None,
                {},
            )
        )


def _ascii_word(word: str) -> str:
    return "".join(char for char in word.lower() if "a" <= char <= "z") or "nasabah"


def _contact_points(
    rng: random.Random, pools: Pools, customer_id: int, area_code: str, now: dt.datetime, ids: dict[str, int]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(kind: ContactKind, owner: ContactOwner, e164: str | None, raw: str, **extra: Any) -> None:
        row = {
            "id": ids["contact_point"],
            "customer_id": customer_id,
            "kind": kind,
            "owner": owner,
            "owner_name": None,
            "relationship_to_customer": None,
            "raw_value": raw,
            "e164": e164,
            "dialable": e164 is not None,
            "invalid_reason": None if e164 else "not a valid phone number",
            "is_primary": not rows,
            "timezone_override": None,
            "valid_from": now - dt.timedelta(days=400),
            "valid_until": None,
            "invalidated_at": None,
            "verified_count": 0,
            "wrong_number_count": 0,
            "preferred_hours": [],
            "created_at": now,
        }
        row.update(extra)
        rows.append(row)
        ids["contact_point"] += 1

    for index in range(2 if rng.random() < 0.4 else 1):
        if index == 0 or rng.random() >= INVALID_NUMBER_SHARE:
            number = mobile_number(rng, pools)
            add(
                ContactKind.MOBILE,
                ContactOwner.SELF,
                number,
                display_mobile(number),
                verified_count=rng.randint(0, 4),
            )
        else:  # a number the core system holds but that cannot be dialled
            add(ContactKind.MOBILE, ContactOwner.SELF, None, f"0812-{rng.randint(100, 999)}")
    if rng.random() < INVALID_NUMBER_SHARE:
        rows[0].update(
            e164=None,
            dialable=False,
            invalid_reason="not a valid phone number",
            raw_value=f"08{rng.randint(10, 99)}-{rng.randint(100, 999)}",
        )
    if rng.random() < 0.2:
        number = landline(rng, area_code)
        add(ContactKind.HOME, ContactOwner.SELF, number, "0" + number[3:])
    if rng.random() < 0.15:
        number = landline(rng, area_code)
        add(
            ContactKind.WORK,
            ContactOwner.EMPLOYER,
            number,
            "0" + number[3:],
            owner_name=rng.choice(pools.employers),
        )
    if rng.random() < 0.6:
        number = mobile_number(rng, pools)
        relationship = rng.choice(pools.relationships)
        owner = ContactOwner.SPOUSE if relationship == "spouse" else ContactOwner.EMERGENCY_CONTACT
        add(
            ContactKind.MOBILE,
            owner,
            number,
            display_mobile(number),
            owner_name=person_name(rng, pools)[0],
            relationship_to_customer=relationship,
        )
    if rng.random() < 0.01 and rows[0]["dialable"]:
        rows[0]["timezone_override"] = rng.choice(("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"))
    return rows


def _flag(
    ids: dict[str, int], customer_id: int, contact_point_id: int | None, kind: FlagKind, at: dt.datetime
) -> dict[str, Any]:
    row = {
        "id": ids["flag"],
        "customer_id": customer_id,
        "contact_point_id": contact_point_id,
        "kind": kind,
        "note": None,
        "set_at": at,
        "set_by_user_id": None,
        "cleared_at": None,
        "cleared_by_user_id": None,
    }
    ids["flag"] += 1
    return row


def _consent(
    ids: dict[str, int],
    customer_id: int,
    kind: ConsentKind,
    granted: dt.datetime,
    expires: dt.datetime | None,
    detail: dict[str, Any],
) -> dict[str, Any]:
    row = {
        "id": ids["consent"],
        "customer_id": customer_id,
        "kind": kind,
        "granted_at": granted,
        "how": "recorded_call",
        "expires_at": expires,
        "revoked_at": None,
        "interaction_id": None,
        "detail": detail,
        "note": None,
    }
    ids["consent"] += 1
    return row
