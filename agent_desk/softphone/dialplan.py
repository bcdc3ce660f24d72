"""Turning what an agent (or the queue) dials into what goes out on the SIP line.

The rules come from the user's SIP settings (``SipAccountSettings.dial_plan``, a JSON object)::

    {"region": "ID",              # numbers without a country code are read in this region
     "domestic": "national",      # home-country numbers go out as "national" (0812…) or "e164" (+62812…)
     "international": "e164",     # other countries: "e164" (+1650…) or "00" (00 1650…)
     "prefix": "",                # an outside-line prefix put before every external number
     "local_area_code": "21",     # fixed-line numbers dialled without their area code get this one
     "extension_digits": 5}       # numbers this short are internal extensions, dialled as they are

Indonesian data carries numbers as ``0812…``, ``+62 812…`` and ``62812…``; all three are the same E.164
number. A full SIP URI (``sip:…``) is dialled unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

import phonenumbers

from agent_desk.text import Message

_SEPARATORS = re.compile(r"[\s().\-/]")
_DIALABLE = re.compile(r"^\+?[0-9*#]+$")


class InvalidNumberError(ValueError):
    """The text cannot be dialled; ``message`` says why, for the agent."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class DialTarget:
    """A number ready to dial.

    Attributes:
        e164: the number in E.164 (``+6281234567890``), or None for extensions and SIP URIs.
        dial_string: what goes into the request URI's user part (or the whole URI when ``is_uri``).
        is_uri: ``dial_string`` is already a complete SIP URI.
    """

    e164: str | None
    dial_string: str
    is_uri: bool = False

    def uri(self, domain: str) -> str:
        """The request URI: the dial string at the SIP domain (registrar host, maybe with a port)."""
        if self.is_uri:
            return self.dial_string
        return f"sip:{self.dial_string}@{domain}"


@dataclasses.dataclass(frozen=True)
class DialPlan:
    region: str = "ID"
    domestic: str = "national"
    international: str = "e164"
    prefix: str = ""
    local_area_code: str = ""
    extension_digits: int = 5

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> DialPlan:
        """Build from the stored JSON; unknown keys are ignored, bad values refused."""
        data = dict(data or {})
        plan = cls(
            region=str(data.get("region", "ID")).upper(),
            domestic=str(data.get("domestic", "national")),
            international=str(data.get("international", "e164")),
            prefix=str(data.get("prefix", "")),
            local_area_code=str(data.get("local_area_code", "")).lstrip("0"),
            extension_digits=int(data.get("extension_digits", 5)),
        )
        if plan.domestic not in ("national", "e164"):
            raise ValueError(f"dial_plan.domestic must be 'national' or 'e164', not {plan.domestic!r}")
        if plan.international not in ("e164", "00"):
            raise ValueError(f"dial_plan.international must be 'e164' or '00', not {plan.international!r}")
        if not re.fullmatch(r"[0-9*#]*", plan.prefix):
            raise ValueError(f"dial_plan.prefix may hold digits only, not {plan.prefix!r}")
        return plan

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def normalise(self, text: str) -> DialTarget:
        """Read ``text`` as a number to dial; raises :class:`InvalidNumberError`."""
        raw = text.strip()
        if raw.lower().startswith(("sip:", "sips:")):
            return DialTarget(e164=None, dial_string=raw, is_uri=True)
        compact = _SEPARATORS.sub("", raw)
        if not compact:
            raise InvalidNumberError(Message.of("softphone.number_empty"))
        if not _DIALABLE.match(compact):
            raise InvalidNumberError(Message.of("softphone.number_invalid", number=raw))
        if not compact.startswith("+") and len(compact) <= self.extension_digits:
            return DialTarget(e164=None, dial_string=compact)
        number = self._parse(compact, raw)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return DialTarget(e164=e164, dial_string=self.prefix + self._outgoing(number, e164))

    def _parse(self, compact: str, raw: str) -> phonenumbers.PhoneNumber:
        candidates = [compact]
        if self.local_area_code and not compact.startswith(("+", "0")):
            # A fixed-line number dialled without its area code ("5551234" in Jakarta).
            candidates.append(f"0{self.local_area_code}{compact}")
        for candidate in candidates:
            try:
                number = phonenumbers.parse(candidate, self.region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return number
        raise InvalidNumberError(Message.of("softphone.number_invalid", number=raw))

    def _outgoing(self, number: phonenumbers.PhoneNumber, e164: str) -> str:
        home = phonenumbers.country_code_for_region(self.region)
        if number.country_code == home and self.domestic == "national":
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            return re.sub(r"\D", "", national)
        if number.country_code != home and self.international == "00":
            return "00" + e164[1:]
        return e164
