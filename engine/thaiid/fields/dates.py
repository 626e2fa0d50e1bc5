"""The card's dates: each date's Thai and English lines read together, then checked against each other.

A date is printed twice (Thai and English); :func:`engine.thaiid.grammar.reconcile_dates` votes
between the two lines' readings (Thai recognizer, the Latin recognizer's digits of the Thai line,
the English line's Latin reading), the expiry may be rebuilt from the birthday, and the soft date
rules (issue after birth, expiry after issue) scale the confidences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from airocr.engine.recognize import LineText
from airocr.engine.thaiid import grammar as G
from airocr.engine.thaiid.fields.config import DEFAULT_CONFIG, FieldReaderConfig
from airocr.engine.thaiid.fields.field_grammar import CAPTIONS, DATE_PAIRS, best_reading, latin_parser
from airocr.engine.thaiid.fields.lines import FieldValue, Line, field_value

DateEvidence = tuple[G.DatePair, tuple[str | None, str | None, int | None]]


def dates_agree(th_reading: LineText | None, en_first: LineText | None, en_latin: Sequence[LineText],
                th_name: str, en_name: str) -> bool:
    """Whether a date's Thai line (its Thai reading ``th_reading``) and English line (its best Latin
    reading, of ``en_latin`` or else ``en_first``) parse unrepaired, as printed, to the same date:
    then the Thai line's Latin digits would decide nothing (:func:`engine.thaiid.grammar.reconcile_dates`
    votes only between lines that disagree)."""
    if th_reading is None or en_first is None:
        return False
    en, _ = best_reading(en_first, en_latin, latin_parser(en_name))  # type: ignore[arg-type]
    th = G.parse_th_date(G.strip_label(th_reading.text, CAPTIONS[th_name])[0])
    return bool(en.valid and th.valid and not en.repaired and not th.repaired and en.date is not None
                and en.date == th.date and en.text == en.date.en() and th.text == en.date.th())


def other_date_readings(en_name: str, en_ln: Line | None,
                        en_r: G.DateReading | None) -> list[tuple[int | None, int | None]]:
    """(day, CE year) as the English date line's first reading (the Thai recognizer's) shows them,
    when that is not the reading reconciled (``en_r``): with the Thai line's two readings (Thai
    recognizer, Latin recognizer's digits) and the English line's Latin one, each line then has a
    vote per recognizer. Further readings of a line by the same recognizer (the photo crop) are
    left out: they share its blur, and would outvote the other line."""
    if en_ln is None:
        return []
    text = G.squash_spaces(G.strip_label(en_ln.first.text, CAPTIONS[en_name])[0])
    if not text or (en_r is not None and text == en_r.text):
        return []
    day, _, year = G.date_fragments(text, False)
    return [(day, year)]


_MONTH_WITH_DOT = re.compile(r"[A-Za-z]{3}\.")


def printed_dotless(en_ln: Line, en_name: str) -> bool:
    """Whether an English date line's readings say its month is printed without the dot. The Thai
    recognizer learned dotted months (our first cards all printed them): its first reading shown
    dotless says so. The Latin recognizer loses a blurred dot: two of its readings must show the
    month dotless and none with the dot."""
    if G.dotless_month(G.strip_label(en_ln.first.text, CAPTIONS[en_name])[0]):
        return True
    latin = [G.strip_label(t.text, CAPTIONS[en_name])[0] for t in en_ln.latin]
    return not any(_MONTH_WITH_DOT.search(t) for t in latin) and sum(G.dotless_month(t) for t in latin) >= 2


def dotted(text: str) -> str:
    """``text`` with its English month in the card's usual form (``14 Jan 1980`` → ``14 Jan. 1980``)."""
    for month in G.EN_MONTHS:
        if month.endswith("."):
            text = re.sub(rf"(?<![A-Za-z]){month[:-1]}(?![A-Za-z.])", month, text)
    return text


def _printed_en(chosen: str | None, en_ln: Line, en_name: str, date: G.CardDate | None) -> str | None:
    """The English date as printed (:func:`engine.thaiid.grammar.printed_form`): the first of the
    chosen reading, the line's Latin readings and its first reading that shows the print style; its
    month without the dot only when the line's readings say so (:func:`printed_dotless`)."""
    others = [G.strip_label(t.text, CAPTIONS[en_name])[0] for t in (*en_ln.latin, en_ln.first)]
    for text in (chosen, *others):
        form = G.printed_form(text, date, False)
        if form is not None:
            return form if printed_dotless(en_ln, en_name) else dotted(form)
    return None


def _readings(ln: Line, name: str) -> list[str]:
    """Every reading of a date line (first, Thai, the other Thai, Latin), its caption stripped."""
    texts = [t.text for t in (ln.first, ln.thai, ln.thai_other, *ln.latin) if t is not None]
    return [G.squash_spaces(G.strip_label(t, CAPTIONS[name])[0]) for t in texts]


def _in_print_style(text: str | None, date: G.CardDate | None, ln: Line, name: str) -> str | None:
    """A date in the card's usual form (rebuilt by the vote, not read as such) in the print style its
    line's readings show: the day zero-padded when they print it so (:func:`engine.thaiid.grammar.padded_day`)."""
    return G.zero_padded(text, date) if text and G.padded_day(_readings(ln, name)) else text


def _date_pair(th_name: str, en_name: str, th_ln: Line | None, en_ln: Line | None,
               cfg: FieldReaderConfig) -> tuple[dict[str, FieldValue | None], DateEvidence]:
    """One date's two field values (None where not read), and the reconciled pair with its evidence."""
    out: dict[str, FieldValue | None] = {}
    en_r, en_c = None, 0.0
    if en_ln is not None:
        en_r, en_c = best_reading(en_ln.first, en_ln.latin, latin_parser(en_name))  # type: ignore[arg-type]
    th_r = None
    hint: tuple[int | None, int | None] = (None, None)
    if th_ln is not None:
        hint = G.date_digits_hint(th_ln.latin[0].text if th_ln.latin else th_ln.first.text)
        th_text = th_ln.thai.text if th_ln.thai is not None else ""
        th_r = G.parse_th_date(G.strip_label(th_text, CAPTIONS[th_name])[0])
        if not th_r.valid and th_ln.thai_other is not None:
            # the line's other Thai reading (card or photo crop), when it parses and the chosen one does not
            other = G.parse_th_date(G.strip_label(th_ln.thai_other.text, CAPTIONS[th_name])[0])
            th_r = other if other.valid else th_r
    pair = G.reconcile_dates(th_r, en_r, hint, other_date_readings(en_name, en_ln, en_r))
    evidence = (th_r.text if th_r is not None else None, en_r.text if en_r is not None else None, hint[1])
    if en_ln is not None:
        own = en_r.date if en_r is not None and pair.date is None else pair.date  # lines at odds: as read
        # the print style (``14 Jan 1980``) from the reading chosen, else from the line's other
        # readings (a Latin reading that lost a space, ``14Jan 1980``, does not show it)
        en_out = (_printed_en(en_r.text if en_r is not None else None, en_ln, en_name, own)
                  or _in_print_style(pair.en, own, en_ln, en_name))
        out[en_name] = field_value(en_out, en_c * pair.en_factor, en_ln.quad)
    if th_ln is not None and (th_ln.thai is not None or pair.th_factor >= G.FACTOR_REPAIRED):
        th_conf = th_ln.thai.confidence if th_ln.thai is not None else th_ln.first.confidence * cfg.th_date_first_factor
        # a date rebuilt from its English twin is as good as the English reading and the Thai
        # line's own digits (its Latin reading) that agreed with it
        if pair.th_factor < 1.0 and en_ln is not None and pair.date is not None:
            digits = th_ln.latin[0] if th_ln.latin else th_ln.first
            th_conf = max(th_conf, min(en_c, digits.confidence))
        own = th_r.date if th_r is not None and pair.date is None else pair.date
        th_out = (G.printed_form(th_r.text if th_r is not None else None, own, True)
                  or _in_print_style(pair.th, own, th_ln, th_name))
        out[th_name] = field_value(th_out, th_conf * pair.th_factor, th_ln.quad)
    return out, (pair, evidence)


def _rebuilt_expiry_values(rebuilt: G.CardDate, assigned: Mapping[str, list[Line]]) -> dict[str, FieldValue | None]:
    """The expiry's two field values from an expiry rebuilt from the birthday."""
    out: dict[str, FieldValue | None] = {}
    th_name, en_name, _ = DATE_PAIRS[2]
    for n, text in ((th_name, rebuilt.th()), (en_name, rebuilt.en())):
        ln = assigned.get(n, [None])[0]
        if ln is not None:
            conf = (ln.thai or ln.first).confidence if n == th_name else \
                max((t.confidence for t in ln.latin), default=ln.first.confidence)
            out[n] = field_value(_in_print_style(text, rebuilt, ln, n), conf * G.FACTOR_FRAGMENTS, ln.quad)
    return out


def _one_day_style(values: dict[str, FieldValue], assigned: Mapping[str, list[Line]]) -> None:
    """A card prints all its days one way: when one date line's readings show a zero-padded day
    (:func:`engine.thaiid.grammar.padded_day`), a one-digit day returned unpadded elsewhere is padded
    too, unless a reading of its own line shows the digit alone."""
    names = [n for pair in DATE_PAIRS for n in pair[:2] if n in values and assigned.get(n)]
    if not any(G.padded_day(_readings(assigned[n][0], n)) for n in names):
        return
    for n in names:
        text = values[n].text
        if text and re.match(r"[1-9] ", text) and not any(map(G.one_digit_day, _readings(assigned[n][0], n))):
            values[n].text = "0" + text


def _one_print_style(values: dict[str, FieldValue], assigned: Mapping[str, list[Line]]) -> None:
    """A card prints its days one way (:func:`_one_day_style`) and its English dates in one style:
    when one of them is printed without the month's dot by its readings (:func:`printed_dotless`),
    another returned in the usual form loses its dot too, unless one of its Latin readings shows it
    (the Thai recognizer's dot says nothing)."""
    _one_day_style(values, assigned)
    en_names = [en for _, en, _ in DATE_PAIRS if en in values and assigned.get(en)]
    if not any(G.dotless_month(values[n].text) and printed_dotless(assigned[n][0], n) for n in en_names):
        return
    for n in en_names:
        if G.dotless_month(values[n].text) or not _MONTH_WITH_DOT.search(values[n].text):
            continue
        if not any(_MONTH_WITH_DOT.search(t.text) for t in assigned[n][0].latin):
            values[n].text = values[n].text.replace(".", "")


def resolve_dates(assigned: Mapping[str, list[Line]], cfg: FieldReaderConfig = DEFAULT_CONFIG
                  ) -> tuple[dict[str, FieldValue], dict[str, G.CardDate | None]]:
    """The date fields read from their assigned lines (in the order they are set), and each date
    (``birth``, ``issue``, ``expiry``) as reconciled."""
    values: dict[str, FieldValue] = {}

    def put(new: dict[str, FieldValue | None]) -> None:
        values.update({n: v for n, v in new.items() if v is not None})

    dates: dict[str, G.CardDate | None] = {}
    pairs: dict[str, DateEvidence] = {}
    for th_name, en_name, key in DATE_PAIRS:
        new, pairs[key] = _date_pair(th_name, en_name, assigned.get(th_name, [None])[0],
                                     assigned.get(en_name, [None])[0], cfg)
        put(new)
        dates[key] = pairs[key][0].date
    if {"birth", "issue", "expiry"} <= pairs.keys():
        rebuilt = G.expiry_from_birthday(*pairs["expiry"], pairs["birth"][0], pairs["issue"][0])
        if rebuilt is not None:
            dates["expiry"] = rebuilt
            put(_rebuilt_expiry_values(rebuilt, assigned))
    _one_print_style(values, assigned)
    rules = G.date_rules_factor(dates.get("birth"), dates.get("issue"), dates.get("expiry"))
    for th_name, en_name, key in DATE_PAIRS:
        for n in (th_name, en_name):
            if n in values:
                values[n].confidence *= rules[key]
    return values, dates
