"""Real US places with an area code, ZIP, LATA and rate center, for number searches."""

from __future__ import annotations

from dataclasses import dataclass

# Faker's en_US cities are invented, and `state: 'NC', city: 'Cary'` must give Cary numbers
# in 919, so the emulator carries this small table instead.


@dataclass(frozen=True)
class Place:
    state: str
    city: str
    area_code: str
    zip_code: str
    lata: str

    @property
    def rate_center(self) -> str:
        return self.city.upper().replace(" ", "").replace(".", "")[:10]


_TABLE = """
AK Anchorage 907 99501 832
AL Birmingham 205 35203 476
AL Montgomery 334 36104 482
AR Little_Rock 501 72201 528
AZ Phoenix 602 85003 666
AZ Tucson 520 85701 668
CA Los_Angeles 213 90012 730
CA San_Francisco 415 94102 722
CA San_Diego 619 92101 732
CA San_Jose 408 95113 722
CA Sacramento 916 95814 726
CO Denver 303 80202 656
CO Colorado_Springs 719 80903 654
CT Hartford 860 06103 920
DC Washington 202 20001 236
DE Wilmington 302 19801 226
FL Miami 305 33130 460
FL Orlando 407 32801 458
FL Tampa 813 33602 952
FL Jacksonville 904 32202 452
GA Atlanta 404 30303 438
GA Savannah 912 31401 444
HI Honolulu 808 96813 834
IA Des_Moines 515 50309 632
ID Boise 208 83702 652
IL Chicago 312 60601 358
IL Springfield 217 62701 362
IN Indianapolis 317 46204 336
KS Wichita 316 67202 532
KY Louisville 502 40202 462
LA New_Orleans 504 70112 490
MA Boston 617 02108 128
MD Baltimore 410 21202 238
ME Portland 207 04101 120
MI Detroit 313 48226 340
MN Minneapolis 612 55401 628
MO St._Louis 314 63101 520
MO Kansas_City 816 64105 524
MS Jackson 601 39201 482
MT Billings 406 59101 648
NC Cary 919 27511 426
NC Raleigh 919 27601 426
NC Durham 919 27701 426
NC Charlotte 704 28202 422
NC Greensboro 336 27401 424
NC Asheville 828 28801 420
NC Wilmington 910 28401 428
ND Fargo 701 58102 636
NE Omaha 402 68102 644
NH Manchester 603 03101 122
NJ Newark 973 07102 224
NM Albuquerque 505 87102 664
NV Las_Vegas 702 89101 721
NY New_York 212 10001 132
NY Buffalo 716 14202 134
NY Albany 518 12207 130
OH Columbus 614 43215 324
OH Cleveland 216 44113 320
OK Oklahoma_City 405 73102 536
OR Portland 503 97204 672
PA Philadelphia 215 19102 228
PA Pittsburgh 412 15222 234
RI Providence 401 02903 126
SC Columbia 803 29201 434
SC Charleston 843 29401 436
SD Sioux_Falls 605 57104 640
TN Nashville 615 37203 470
TN Memphis 901 38103 468
TX Austin 512 78701 558
TX Dallas 214 75201 552
TX Houston 713 77002 560
TX San_Antonio 210 78205 566
UT Salt_Lake_City 801 84101 660
VA Richmond 804 23219 248
VA Virginia_Beach 757 23451 252
VT Burlington 802 05401 124
WA Seattle 206 98101 674
WA Spokane 509 99201 676
WI Milwaukee 414 53202 350
WV Charleston 304 25301 244
WY Cheyenne 307 82001 656
"""

PLACES: tuple[Place, ...] = tuple(
    Place(state, city.replace("_", " "), area_code, zip_code, lata)
    for state, city, area_code, zip_code, lata in (
        line.split() for line in _TABLE.strip().splitlines()
    )
)
STATES = frozenset(place.state for place in PLACES)


def in_state(state: str, city: str | None = None) -> list[Place]:
    """The state's places, or its place named ``city``; an unknown city of a known state is
    a place of its own in the state's first area code (so any city gives plausible numbers)."""
    places = [place for place in PLACES if place.state == state.upper()]
    if city is None or not places:
        return places
    named = [place for place in places if place.city.lower() == city.strip().lower()]
    if named:
        return named
    first = places[0]
    return [Place(first.state, city.strip().title(), first.area_code, first.zip_code, first.lata)]


def near_zip(zip_code: str) -> list[Place]:
    """The place with this ZIP, else the one whose ZIP is numerically nearest."""
    exact = [place for place in PLACES if place.zip_code == zip_code]
    if exact:
        return exact[:1]
    nearest = min(PLACES, key=lambda place: abs(int(place.zip_code) - int(zip_code)))
    return [Place(nearest.state, nearest.city, nearest.area_code, zip_code, nearest.lata)]


def with_area_code(area_code: str) -> list[Place]:
    return [place for place in PLACES if place.area_code == area_code]


def of_number(number: str) -> Place | None:
    """The place a ``+1`` number's area code belongs to (the first listed)."""
    found = with_area_code(number[2:5]) if number.startswith("+1") else []
    return found[0] if found else None
