"""Available-number search and search-and-order (§2.3), from a deterministic inventory."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from telephony_emulator.apis.bandwidth_v1 import places
from telephony_emulator.apis.bandwidth_v1.billing import PRICES
from telephony_emulator.apis.bandwidth_v1.model import NumberRecord
from telephony_emulator.apis.bandwidth_v1.numbers import TOLL_FREE_PREFIXES, PhoneNumbers
from telephony_emulator.apis.bandwidth_v1.places import Place
from telephony_emulator.core.accounts import Account
from telephony_emulator.errors import InvalidRequest

SEARCH_MAX = 5000
ORDER_MAX = 10
#: Candidates drawn per number wanted before a search settles for fewer (patterns can be rare).
_TRIES_PER_NUMBER = 2000
_PATTERN = re.compile(r"^[0-9?*]+$")


@dataclass(frozen=True)
class Offer:
    number: str
    place: Place | None  # None for toll-free numbers
    pattern_match: str | None
    price: str


def _search_error(message: str) -> InvalidRequest:
    return InvalidRequest(message, code="invalid-available-number-search")


@dataclass(frozen=True)
class LocalQuery:
    places: list[Place]
    local_number: str | None
    pattern: str | None
    quantity: int


def parse_local(query: Mapping[str, str], *, order: bool) -> LocalQuery:
    """The local search the query asks for; its errors are §2.3's."""
    state, zip_code, area_code = (query.get(key) for key in ("state", "zip", "areaCode"))
    city, local_number = query.get("city"), query.get("localNumber")
    given = [value for value in (state, zip_code, area_code) if value]
    if len(given) > 1:
        raise _search_error("Specify a State ZIP Code or Area Code with your query.")
    if city and not state:
        raise _search_error("For searching by City the State is also required.")
    if local_number and not area_code:
        raise _search_error("For searching by Local Number the Area Code is also required.")
    if local_number and not re.fullmatch(r"\d{3,7}", local_number):
        raise _search_error("A Local Number must be 3 to 7 digits.")
    pattern = query.get("pattern") or None
    if order and pattern:
        raise InvalidRequest(
            "A query and order numbers cannot contain pattern",
            code="invalid-available-number-search-order",
        )
    _check_pattern(pattern)
    quantity = _quantity(query, ORDER_MAX if order else SEARCH_MAX)
    if state:
        if state.upper() not in places.STATES:
            raise _search_error(f"The state {state} is not a valid US state.")
        found = places.in_state(state, city)
    elif zip_code:
        if not re.fullmatch(r"\d{5}", zip_code):
            raise InvalidRequest(f"The zip code {zip_code} is invalid", code="invalid-zip-code")
        found = places.near_zip(zip_code)
    elif area_code:
        if not re.fullmatch(r"[2-9]\d{2}", area_code):
            raise _search_error("An Area Code must be 3 digits.")
        found = places.with_area_code(area_code)
    else:  # the seed's `bandwidth.available_numbers` asks with no place at all
        found = list(places.PLACES)
    return LocalQuery(found, local_number, pattern, quantity)


def parse_toll_free(query: Mapping[str, str], *, order: bool) -> tuple[str | None, int]:
    pattern = query.get("pattern") or None
    if order and pattern:
        raise InvalidRequest(
            "A query and order numbers cannot contain pattern",
            code="invalid-available-number-search-order",
        )
    _check_pattern(pattern)
    default = 1 if order else 10
    return pattern, _quantity(query, ORDER_MAX if order else SEARCH_MAX, default)


class AvailableNumbers:
    """Numbers are drawn for each query from a stream seeded by the emulator's seed and the
    query's place: the same search on a fresh emulator offers the same numbers; numbers any
    account owns, and numbers once released, are never offered."""

    def __init__(self, numbers: PhoneNumbers, seed: int) -> None:
        self._numbers = numbers
        self._seed = seed

    def search_local(self, query: LocalQuery) -> list[Offer]:
        streams = [self._local_stream(place, query.local_number) for place in query.places]
        return self._collect(streams, query.pattern, query.quantity)

    def search_toll_free(self, pattern: str | None, quantity: int) -> list[Offer]:
        return self._collect([self._toll_free_stream()], pattern, quantity)

    async def order(self, account: Account, offers: list[Offer]) -> list[NumberRecord]:
        return [await self._numbers.allocate(account, offer.number) for offer in offers]

    def _collect(
        self, streams: list[Iterator[Offer]], pattern: str | None, quantity: int
    ) -> list[Offer]:
        """Round robin over the places' streams until ``quantity`` offers match."""
        matcher = _compile(pattern)
        found: dict[str, Offer] = {}
        budget = _TRIES_PER_NUMBER * quantity
        while streams and len(found) < quantity and budget > 0:
            for stream in list(streams):
                budget -= 1
                offer = next(stream, None)
                if offer is None:
                    streams.remove(stream)
                    continue
                if offer.number in found or self._numbers.taken(offer.number):
                    continue
                shown = offer.number[2:]
                match = matcher.search(shown) if matcher else None
                if matcher and match is None:
                    continue
                pattern_match = _highlight(shown, match) if match else None
                found[offer.number] = Offer(offer.number, offer.place, pattern_match, offer.price)
                if len(found) == quantity:
                    break
        return list(found.values())

    def _local_stream(self, place: Place, local_number: str | None) -> Iterator[Offer]:
        rng = random.Random(f"{self._seed}:{place.area_code}:{place.city}:{local_number or ''}")
        price = str(PRICES["local-number-per-month"])
        prefix = local_number or ""
        while True:
            rest = "".join(str(rng.randint(0, 9)) for _ in range(7 - len(prefix)))
            local = (prefix + rest)[:7]
            if local[0] in "01" or local[1:3] == "11":
                continue
            yield Offer(f"+1{place.area_code}{local}", place, None, price)

    def _toll_free_stream(self) -> Iterator[Offer]:
        rng = random.Random(f"{self._seed}:toll-free")
        price = str(PRICES["toll-free-number-per-month"])
        while True:
            prefix = rng.choice(TOLL_FREE_PREFIXES)
            local = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(6))
            yield Offer(f"+1{prefix}{local}", None, None, price)


def _check_pattern(pattern: str | None) -> None:
    if pattern is not None and not _PATTERN.match(pattern):
        raise _search_error(f"The pattern {pattern} may hold only digits, ? and *.")


def _quantity(query: Mapping[str, str], maximum: int, default: int = 10) -> int:
    raw = query.get("quantity")
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise _search_error(f"The quantity must be between 1 and {maximum}.")
    return int(raw)


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    """``?`` is one digit and ``*`` any run of digits; a pattern matches anywhere."""
    if pattern is None:
        return None
    body = "".join({"?": r"\d", "*": r"\d*?"}.get(char, char) for char in pattern.strip("*"))
    return re.compile(body)


def _highlight(national: str, match: re.Match[str]) -> str:
    """The national number with only the matched digits shown (``patternMatch``)."""
    return "".join(
        char if match.start() <= index < match.end() else " " for index, char in enumerate(national)
    )
