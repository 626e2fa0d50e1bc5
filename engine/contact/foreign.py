"""Contacts outside mainland China: which country a page is from, its phones and its address.

* Country (``detect_region``): Thai script -> ``TH``; a ``City, ST 12345`` line with a US state ->
  ``US``; a full UK postcode (``SW1A 1AA``) on a page without Chinese -> ``GB``; otherwise ``CN``
  (the Chinese rules of ``extract.py``).
* Phones (``find_foreign_phones``): Google's ``phonenumbers`` matcher for the page's country
  (valid numbers only, so tracking and order numbers are not taken), E.164 out.
* Addresses (``pick_foreign_address``): US lines are tagged by ``usaddress`` (a CRF model);
  UK addresses are cut at the postcode; Thai ones at their ต./อ./จ. (แขวง/เขต) tail, whose names are
  checked against the Thai gazetteer of ``engine.thaiid``. The mapping onto the API's fields is in
  ``engine/contact/README.md``: state -> province, city / post town / amphoe -> city, tambon ->
  district, street lines -> detail_address; postcodes and country names are dropped.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import phonenumbers
import usaddress

from .phone import INTERNATIONAL, MOBILE, PhoneMatch

CN, US, GB, TH = "CN", "US", "GB", "TH"

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "Virgin Islands",
}
STATE_CODES = {name.upper(): code for code, name in US_STATES.items()}
US_CITY_LINE = re.compile(
    r"(?P<head>.*?)(?P<state>[A-Za-z][A-Za-z ]*?)\.?,?\s+(?P<zip>\d{5}(?:-\d{4})?)"
    r"(?:\s*,?\s*\(?(?:US|USA|U\.S\.A\.|United States)\)?)?\s*$"
)
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b")
COUNTRY_WORDS = re.compile(r"\b(?:United Kingdom|UK|U\.K\.|England|Scotland|Wales|GB)\b\.?", re.IGNORECASE)
THAI = re.compile(r"[\u0e00-\u0e7f]")
CJK = re.compile(r"[\u3400-\u9fff]")
THAI_TAIL = re.compile(
    r"(?:(?:ต\.|ตำบล)\s*(?P<sub>\S+)\s*(?:อ\.|อำเภอ)\s*(?P<dist>\S+)\s*(?:จ\.|จังหวัด)\s*(?P<prov>\S+)"
    r"|แขวง\s*(?P<bsub>\S+)\s*เขต\s*(?P<bdist>\S+)\s*(?P<bkk>กรุงเทพมหานคร|กรุงเทพฯ|กรุงเทพ|กทม\.?))"
    r"(?:\s*\d{5})?"
)
BANGKOK = "กรุงเทพมหานคร"
STREET_TAGS = {"AddressNumber", "StreetName", "StreetNamePostType", "StreetNamePreType", "StreetNamePreDirectional",
               "StreetNamePostDirectional", "OccupancyType", "OccupancyIdentifier", "SubaddressType",
               "SubaddressIdentifier", "BuildingName", "USPSBoxType", "USPSBoxID", "AddressNumberSuffix"}


@dataclass(frozen=True)
class ForeignAddress:
    province: str
    city: str
    district: str
    detail: str


# ---------------------------------------------------------------- country
def us_city_line(text: str) -> tuple[str, str, str] | None:
    """(text before the city, city, state code) of a ``City, ST 12345`` line, checked by usaddress."""
    m = US_CITY_LINE.match(text.strip())
    if m is None:
        return None
    state = m.group("state").strip().upper()
    code = state if state in US_STATES else STATE_CODES.get(state)
    if code is None:
        words = state.split()
        code = words[-1] if words and words[-1] in US_STATES else None
        if code is None:
            return None
    try:
        tokens = usaddress.parse(text)
    except Exception:  # noqa: BLE001 - the CRF tagger raises on odd input; then it is no address line
        return None
    city = " ".join(tok.strip(",") for tok, tag in tokens if tag == "PlaceName")
    if not city:
        return None
    first_place = next(i for i, (_, tag) in enumerate(tokens) if tag == "PlaceName")
    head = " ".join(tok for tok, _ in tokens[:first_place]).strip(" ,")
    return head, city, code


def detect_region(lines: Sequence[str]) -> str:
    text = "\n".join(lines)
    if THAI.search(text):
        return TH
    if any(us_city_line(line) for line in lines if not CJK.search(line)):
        return US
    if not CJK.search(text) and any(UK_POSTCODE.search(line) for line in lines):
        return GB
    return CN


# ---------------------------------------------------------------- phones
def find_foreign_phones(text: str, region: str) -> list[PhoneMatch]:
    """Valid phone numbers of ``region`` (or written with a country code) in ``text``, E.164."""
    out: list[PhoneMatch] = []
    for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        kind = phonenumbers.number_type(m.number)
        mobile = kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
        if m.number.country_code == 86:
            e164 = str(m.number.national_number)  # mainland numbers keep the CN format of phone.py
        out.append(PhoneMatch(m.start, m.end, MOBILE if mobile else INTERNATIONAL, e164))
    return out


# ---------------------------------------------------------------- addresses
def _is_us_street(text: str) -> bool:
    if not re.search(r"\d", text):
        return False
    try:
        tags = {tag for _, tag in usaddress.parse(text)}
    except Exception:  # noqa: BLE001
        return False
    return bool(tags & {"AddressNumber", "OccupancyIdentifier", "SubaddressIdentifier", "USPSBoxID"}) and \
        len(tags - STREET_TAGS - {"Recipient"}) == 0


def _us_address(texts: list[str]) -> ForeignAddress | None:
    for k, text in enumerate(texts):
        parsed = us_city_line(text)
        if parsed is None:
            continue
        head, city, state = parsed
        street = [head] if head and _is_us_street(head) else []
        for back in (k - 1, k - 2) if not street else ():
            if back < 0 or not _is_us_street(texts[back]):
                break
            street.insert(0, texts[back])
        return ForeignAddress(state, city, "", ", ".join(s.strip(" ,") for s in street))
    return None


def _uk_address(texts: list[str]) -> ForeignAddress | None:
    for k, text in enumerate(texts):
        m = UK_POSTCODE.search(text)
        if m is None:
            continue
        head = COUNTRY_WORDS.sub("", text[: m.start()]).strip(" ,")
        back = k - 1
        if head and "," in head:
            street, town = (p.strip() for p in head.rsplit(",", 1))
            if re.search(r"\d", street) and not re.search(r"\d", town):
                return ForeignAddress("", town, "", street)
        if not head and back >= 0 and not re.search(r"\d", texts[back]):
            head, back = texts[back].strip(" ,"), back - 1
        if not head or re.search(r"\d", head):
            continue
        street = [texts[b].strip(" ,") for b in (back - 1, back) if b >= 0 and re.match(r"\s*\d", texts[b])]
        return ForeignAddress("", head, "", ", ".join(street))
    return None


@lru_cache(maxsize=1)
def _thai_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    raw = resources.files("airocr.engine.thaiid").joinpath("data/th_admin.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw).decode("utf-8"))
    return (frozenset(data["provinces"].values()), frozenset(data["districts"].values()),
            frozenset(data["subdistricts"].values()))


def _thai_address(texts: list[str]) -> ForeignAddress | None:
    provinces, districts, subdistricts = _thai_names()
    for k, text in enumerate(texts):
        m = THAI_TAIL.search(text)
        if m is None:
            continue
        prov = BANGKOK if m.group("bkk") else m.group("prov")
        dist, sub = m.group("dist") or m.group("bdist"), m.group("sub") or m.group("bsub")
        if prov not in provinces or dist not in districts or sub not in subdistricts:
            continue
        head = text[: m.start()].strip(" ,")
        if not head and k > 0 and re.match(r"\s*\d", texts[k - 1]):
            head = texts[k - 1].strip(" ,")
        return ForeignAddress(prov, dist, sub, head)
    return None


def pick_foreign_address(texts: list[str], region: str) -> ForeignAddress | None:
    """The first address of ``region`` in the party's lines (label values, in order)."""
    parser = {US: _us_address, GB: _uk_address, TH: _thai_address}.get(region)
    return parser(texts) if parser else None


def is_address_end(text: str, region: str) -> bool:
    """Whether a line closes a postal address (``City, ST 12345``, a postcode, a Thai province)."""
    if region == US:
        return us_city_line(text) is not None
    if region == GB:
        return UK_POSTCODE.search(text) is not None
    if region == TH:
        return THAI_TAIL.search(text) is not None
    return False
