"""Government commitments in an announcement: who commits to do what, how firmly, and when.

A commitment is a sentence or clause whose subject is an actor we track (the Government, "we",
the Department for Education, a minister, a named programme or review) followed by a verb group
that commits to, continues, announces or reports doing something. Rules, in brief:

- Actor first, then the verb group right after it (adverbs like "also" allowed). An actor after
  a preposition ("funding from the department will") is not a subject.
- "The Department will strengthen A, support B, and encourage C." is three commitments sharing
  actor and modality; each later one has the actor and modal restored ("The Department will
  support B"). Only comma-led series are split ("A, and B" or "A, B and C"): a bare "identify
  and support" stays one verb phrase.
- Reported announcements ("this Government announced that X would continue ...") are one
  commitment with modality "announced" and firmness "done" (the decision was made and
  published); the status follows the reported content: "continue" -> ongoing, another
  "would"/"will" verb -> planned, otherwise done.
- A negated modal keeps its negation in the modality: "We will not charge for ..." and "won't" are
  "will not" (firm, planned), never "will", so a promise and its reversal never read alike.
- "is/are/remain committed to" is a standing commitment (ongoing); "commits to" and "has committed
  to" pledge something to come (planned).
- Present progressive ("we are publishing", "is investing") is firm and ongoing, or planned when
  a date in the clause falls after the publication date.
- "Work has already started ..." has the Government as its implied actor (done, ongoing); so
  has a programme in the passive ("The improvement plan will be published ...").
- "We have approved X and will fund Y" is two commitments; the second restores the actor.
- A trailing attribution ("Schools will receive £2.3 billion, the Department has confirmed.")
  is a done announcement whose status follows the content before it.
- A lead-in ending in ":" ("The department will also:") is completed by each list item after it.
- Outside quotes, a plain noun-phrase subject before a modal or "are expected to" also makes a
  commitment ("Local authorities will support ...", "Trainees will start ..."), actor = the
  head noun phrase as written (a leading "the" dropped); adverbial openers ("Under the plans,")
  and appositives (", chaired by ...,") are skipped; a passive ("A toolkit will be published")
  has the Government as actor. Pronouns, "there", "this" and clauses are never such subjects.
- Real GOV.UK shapes: a law, plan, fund or document acting ("the Act will extend", "this funding
  is creating") is the department's commitment, its effects ("will help", "will ensure") are not;
  passives in any tense take the department, or the agent after "by"; "he"/"she" and "they" take
  the last person or public body named; "X's announcement of £1.3 billion" is an announcement;
  headlines may leave out "is" ("Government creating ...", "£200 million invested ..."); a modal
  lead-in is completed by bullets or by lowercase bare paragraphs, an announcing funding lead-in
  ("The funding announced includes:") by money items, and a next-steps heading by imperatives.
- Not commitments either: "should", slogans ("change that"), procedure ("placed in the Library"),
  what teachers or providers will do, clauses reported as said or believed, and the clause that
  runs into the cut of an excerpt that stops mid-sentence.
- Quote sentences are reported once, with section "quote" and speaker = the quote's speaker,
  or its role when the speaker is unnamed; "I" is an actor (the speaker) only inside quotes.
- Keys: `commitment_key(text)`; a text repeated in one document gets "-2", "-3", ...
- Not commitments: quote lead-ins ("X said:"), statistics, descriptions of the problem
  ("a system that has been neglected"), opinions and attitudes ("I am determined to ...",
  "we know ..."), futures of things rather than actors ("the reform ... will take time").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from parsers.actors import ADVERB, DFE, GOVERNMENT, IMPLIED_ACTOR, written_actor
from parsers.commitment_keys import commitment_key
from parsers.figures import Scan, scan_figures
from parsers.folding import guarded
from parsers.hits import CLAUSE_BOUNDARY, EDGE_QUOTES, Hit, clause_start, content_verb, generic_hits, sentence_hits
from parsers.programmes import Found, learn_abbreviations, programme_spans
from parsers.record import (FIRMNESS_DONE, FIRMNESS_FIRM, FIRMNESS_HEDGED, STATUS_DONE, STATUS_ONGOING, STATUS_PLANNED, Commitment,
                            DateRef, Quote, Section, SectionItem)
from parsers.sentences import comparable, normalise_space, split_sentences
from parsers.verbs import BASE_VERBS, THAT_CLAUSE, Verb, is_participle

# A condition makes a firm verb a hedged promise.
_CONDITIONAL = re.compile(r"\b(?:subject to|depending on|dependent on|where possible|if funding|funding permitting|"
                          r"provided that|as resources allow|in principle|if approved)\b", re.IGNORECASE)

# "Over 50 councils will ..." is done by councils; the count is a quantity of its own.
_COUNTED_ACTOR = re.compile(r"^(?:(?:just\s+)?(?:over|under|up\s+to|more\s+than|fewer\s+than|around|about|nearly|"
                            r"almost|at\s+least|some|all)\s+)?\d[\d,]*\s+(?:more\s+|new\s+|other\s+)?", re.IGNORECASE)


def _tidy_actor(actor: str | None) -> str | None:
    if not actor:
        return actor
    rest = _COUNTED_ACTOR.sub("", actor)
    return rest if rest and rest != actor and rest[0].isalpha() else actor


_YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d{2}\b")


def _shift_year(iso: str | None) -> str | None:
    if not iso:
        return iso
    year, rest = int(iso[:4]) + 1, iso[4:]
    return f"{year}{'-02-28' if rest == '-02-29' else rest}"


def _next_occurrence(d: DateRef, pub_day: str) -> DateRef:
    """A promise "from September" made in November means next September, not the one just gone."""
    last = d.end or d.start
    if _YEAR_WRITTEN.search(d.text) or not last or last >= pub_day or d.kind not in ("date", "month", "season", "from"):
        return d
    return dataclasses.replace(d, start=_shift_year(d.start), end=_shift_year(d.end))


# Re-exported: other packages import these from here.
__all__ = ["commitment_key", "extract_commitments", "written_actor"]

# A word after a would-be member's verb that makes it no verb phrase: "support for", "fund and".
_NEXT_AFTER_VERB_BAD = frozenset({"and", "or", "of", "for", "is", "are", "was", "were", "will", ","})
_SERIES_POINT = guarded(r"(?P<comma>,)?\s+(?:(?P<conj>and|or)\s+)?(?=(?P<w1>[a-z][\w-]*)\s+(?P<w2>[^\s]+))")
_ACTION_CUT = guarded(
    r",\s|;|\s+[–—-]\s+|\s+including\b|\s+so\s+that\b|\s+which\b|\s+who\b|\s+in\s+order\s+to\b|\s+because\b"
)

_ACTION_MAX_WORDS = 20
# A verb with only a pronoun for its object is a slogan, not a piece of policy work.
_SLOGAN = re.compile(
    r"\s*[a-z]+(?:\s+(?:up|on|around))?\s+(?:that|this|things|further(?:\s+and\s+faster)?|faster)\s*(?:[.!;]|,(?:\s+(?:and|but))?)?\s*$"
)

_REPORTED_CONTENT = guarded(rf"\b(?:would|will)\s+(?:{ADVERB})*(?P<v>[a-z]+)")


_LEADING_CONJ = re.compile(r"^(?:and|or|but)\s+")
_TRAILING_CONJ = guarded(r"(?:[,;]|\s+(?:and|or|but))+\s*$")


def _clean(text: str) -> str:
    text = normalise_space(text).strip(EDGE_QUOTES)
    text = _LEADING_CONJ.sub("", text)
    text = _TRAILING_CONJ.sub("", text)
    return text.rstrip(",;:– ").strip(EDGE_QUOTES)


def _action(text: str) -> str | None:
    cut = _ACTION_CUT.search(text)
    if cut:
        text = text[: cut.start()]
    words = text.split()[:_ACTION_MAX_WORDS]
    action = " ".join(words).rstrip(".,;:!?”\"")
    return action or None


_NOUN_LIST = re.compile(r"\b(?:including|such\s+as)\s+(?!through\b|by\b|in\b|at\b|via\b|with\b)")
_PERFECT_POINT = guarded(r"(?:,\s+and|,|\s+and)\s+(?=(?P<w>[a-z]+)\s)")


def _perfect_splits(predicate: str) -> list[int]:
    """ "discussed options with some of you and reviewed feedback from ...": one "have", two actions."""
    cuts: list[int] = []
    for m in _PERFECT_POINT.finditer(predicate):
        if is_participle(m.group("w")) and m.start() > 0:
            cuts += [m.start(), m.end()]
    return cuts


def _series_splits(predicate: str) -> list[int]:
    """Offsets in `predicate` where a comma-led series of verb phrases starts a new member."""
    points: list[tuple[int, int, str]] = []  # (cut, next-member start, kind)
    # A list after "including" or "such as" is a list of things, not of verb phrases.
    stop = _NOUN_LIST.search(predicate)
    for m in _SERIES_POINT.finditer(predicate, 0, stop.start() if stop else len(predicate)):
        if not m.group("comma") and not m.group("conj"):
            continue
        if m.group("w1") not in BASE_VERBS or m.group("w2").lower().strip(",") in _NEXT_AFTER_VERB_BAD:
            continue
        kind = "comma_and" if m.group("comma") and m.group("conj") else "comma" if m.group("comma") else "and"
        points.append((m.start(), m.start("w1"), kind))
    kinds = [k for _, _, k in points]
    if "comma_and" in kinds:
        chosen = [p for p in points if p[2] != "and"]
    elif "comma" in kinds and "and" in kinds:
        last_comma = max(i for i, p in enumerate(points) if p[2] == "comma")
        ands = [p for p in points[last_comma + 1 :] if p[2] == "and"]
        if not ands:
            return []
        chosen = [p for p in points[: last_comma + 1] if p[2] == "comma"] + ands[-1:]
    else:
        # "publish guidance for councils in early 2025 and review the fund": a bare "and" joins
        # two verb phrases when the first already has its object ("identify and support" does not).
        chosen, prev = [], 0
        for p in points:
            left = predicate[prev : p[0]].split()
            bare = p[2] == "and" and predicate[p[0] : p[1]].strip() == "and"
            # A comma in the first member ("trained by August, helping settings spot ... and put")
            # means the "and" may belong to a participle phrase: no split.
            # A relative clause ("partnerships that plan and commission") keeps its own "and".
            inner = "," in predicate[prev : p[0]] or any(w.lower() in ("that", "which", "who") for w in left)
            if bare and len(left) >= 3 and left[-1].lower() not in BASE_VERBS and not inner:
                chosen.append(p)
                prev = p[1]
        if not chosen:
            return []
    return [c for p in chosen for c in p[:2]]


@dataclass(frozen=True)
class _Draft:
    text: str
    hit: Hit
    action: str | None
    ranges: tuple[tuple[int, int], ...]  # the parts of the sentence the text was taken from


def _drafts(
    sentence: str,
    abbreviations: dict[str, str],
    generic: bool,
    antecedent: str | None = None,
    group: str | None = None,
) -> list[_Draft]:
    """The commitments of one sentence, before figures and keys are attached."""
    hits = sentence_hits(sentence, abbreviations, generic=generic, antecedent=antecedent, group=group)
    drafts: list[_Draft] = []
    kept: list[Hit] = []
    for hit in hits:
        # Everything after a reported announcement ("announced that X would ...") is its content.
        if kept and kept[-1].verb.reported and not CLAUSE_BOUNDARY.search(sentence, kept[-1].verb.end, hit.actor_start):
            continue
        kept.append(hit)
    for i, hit in enumerate(kept):
        start = clause_start(sentence, hit.actor_start)
        if i and start <= kept[i - 1].verb.end:
            start = hit.actor_start
        if hit.source is not None:
            start = hit.actor_end
        end = kept[i + 1].actor_start if i + 1 < len(kept) else len(sentence)
        if i + 1 < len(kept):
            nb = clause_start(sentence, kept[i + 1].actor_start)
            if nb > hit.verb.end:
                end = min(end, nb)
        verb = hit.verb

        def body(a: int, b: int, hit: Hit = hit) -> tuple[str, tuple[tuple[int, int], ...]]:
            """sentence[a:b], with the actor restored in front for a continuation hit."""
            if hit.source is None:
                return sentence[a:b], ((a, b),)
            sa, sb = hit.source
            return sentence[sa:sb] + sentence[a:b], ((sa, sb), (a, b))

        text, ranges = body(start, end)
        if verb.reported:
            content = _REPORTED_CONTENT.search(sentence, verb.end, end)
            if content and not THAT_CLAUSE.match(sentence, verb.end) and _RELATIVE.search(sentence, verb.end, content.start()):
                content = None  # "announced the biggest change in 30 years which will give ...": done
            trailing = (
                content is None
                and sentence[start : hit.actor_start].rstrip().endswith(",")
                and THAT_CLAUSE.match(sentence, verb.end) is None
                # "..., the department set out its vision to ...": an object after the verb makes
                # it the main clause, not an attribution closing the sentence.
                and _OBJECT_NEXT.match(sentence, verb.end) is None
            )
            if trailing:
                # "Schools will receive £2.3 billion, the Department has confirmed.": the content
                # comes before the attribution.
                content = _REPORTED_CONTENT.search(sentence, start, hit.actor_start)
            status = (
                STATUS_DONE
                if content is None
                else STATUS_ONGOING if content.group("v") == "continue" else STATUS_PLANNED
            )
            verb = Verb(verb.modality, verb.firmness, status, verb.verb_start, verb.end, True)
            hit = dataclasses.replace(hit, verb=verb)
            if trailing:
                # The announcing body is the actor; the content's own verb group ("will be
                # built") gives modality, firmness and status.
                said = content_verb(sentence, start, hit.actor_start)
                if said is not None:
                    hit = dataclasses.replace(hit, verb=said)
                    action = _action(sentence[said.verb_start : hit.actor_start])
                else:
                    action = _action(sentence[start : hit.actor_start])
                drafts.append(_Draft(_clean(text), hit, action, ranges))
                continue
            if content is not None:
                # The action of a reported announcement runs to the reported verb:
                # "announced that funded support for ... would continue".
                action = normalise_space(sentence[verb.verb_start : content.end("v")])
                drafts.append(_Draft(_clean(text), hit, action, ranges))
                continue
        predicate = sentence[verb.verb_start : end]
        if _SLOGAN.match(predicate):
            continue  # "We are going to change that."
        if verb.splittable:
            cuts = _series_splits(predicate)
        elif verb.modality in ("has", "have") and verb.status == STATUS_DONE:
            cuts = _perfect_splits(predicate)
        else:
            cuts = []
        if not cuts:
            drafts.append(_Draft(_clean(text), hit, _action(predicate), ranges))
            continue
        prefix, prefix_ranges = body(hit.actor_start if hit.source is None else hit.actor_end, verb.verb_start)
        # cuts come in pairs (cut, next member's start): member k runs from its start to the next cut.
        members = [(0, cuts[0])] + [
            (cuts[j + 1], cuts[j + 2] if j + 2 < len(cuts) else len(predicate)) for j in range(0, len(cuts), 2)
        ]
        for k, (a, b) in enumerate(members):
            piece = predicate[a:b]
            v = verb.verb_start
            if k == 0:
                text, ranges = body(start, v + b)
            else:
                text, ranges = prefix + piece, prefix_ranges + ((v + a, v + b),)
            # Members of a series are clauses: none keeps the sentence's full stop.
            drafts.append(_Draft(_clean(text).rstrip("."), hit, _action(_clean(piece)), ranges))
    return drafts


def extract_commitments(
    sections: tuple[Section, ...],
    quotes: tuple[Quote, ...],
    *,
    published: str | None,
    abbreviations: dict[str, str] | None = None,
    speaker: str | None = None,
) -> tuple[Commitment, ...]:
    """Every commitment in the body and quotes, in document order, each reported once.

    Quote sentences that also appear in body sections are reported at their body position with
    section "quote" and the quote's speaker; contact sections are skipped. `speaker` is the
    person giving a speech or statement: it becomes the speaker of every commitment outside quotes.
    """
    abbr = _known_abbreviations(sections, abbreviations)
    sections = tuple(dataclasses.replace(sec, items=_rejoined(sec.items)) for sec in sections)
    reader = _Reader(published, abbr, _quote_sentences(quotes), _cut_sentence(sections), speaker)
    for section in sections:
        if section.kind != "contact":
            reader.read_section(section)
    reader.read_unplaced_quotes()
    return tuple(reader.out)


def _known_abbreviations(sections: tuple[Section, ...], given: dict[str, str] | None) -> dict[str, str]:
    """The abbreviations given, then those the body spells out ("Local Authority (LA)")."""
    abbr = dict(given or {})
    for section in sections:
        for item in section.items:
            for acronym, name in learn_abbreviations(normalise_space(item.text)).items():
                abbr.setdefault(acronym, name)
    return abbr


def _quote_sentences(quotes: tuple[Quote, ...]) -> dict[str, tuple[str, Quote]]:
    """Every quote sentence, in order, by its comparable text: the sentence and its quote."""
    found: dict[str, tuple[str, Quote]] = {}
    for q in quotes:
        for paragraph in q.paragraphs or (q.text,):
            for sentence in split_sentences(paragraph):
                norm = comparable(sentence)
                if norm and norm not in found:
                    found[norm] = (sentence, q)
    return found


def _cut_sentence(sections: tuple[Section, ...]) -> str | None:
    """The comparable text of the last sentence when the text stops mid-sentence, else None."""
    last_item = sections[-1].items[-1] if sections and sections[-1].items else None
    last_sentences = split_sentences(last_item.text) if last_item else []
    # The clause that runs into the cut is not a whole commitment. A paragraph whose earlier
    # sentences end in stops but whose last one does not was cut too.
    cut_short = len(last_sentences) >= 2 and not _ENDS_SENTENCE.search(last_sentences[-1])
    if last_sentences and (cut_short or _cut_off(last_sentences[-1])):
        return comparable(last_sentences[-1])
    return None


@dataclass
class _Leads:
    """The lead-ins the next items of a section may complete, and whether they stand under a
    plan heading ("Next steps"), where bare imperatives are the department's commitments."""

    plan_heading: bool
    # "The department will also:", completed by each bullet (or lowercase paragraph) after it:
    # its text, the level of its items, its section and speaker.
    lead: tuple[str, int, str | None, str | None] | None = None
    money: tuple[Verb, int] | None = None  # "The funding announced includes:": its verb, its items' level
    by: tuple[Verb, int] | None = None  # "X will strengthen Y by:": the modal its "-ing" items take, their level

    def under_lead(self, item: SectionItem, listed: bool, fragment: bool) -> bool:
        """Whether the item stands under the open lead-in."""
        return self.lead is not None and ((listed and item.level >= self.lead[1]) or fragment)

    def implied_verb(self, item: SectionItem, sentences: list[str], listed: bool, fragment: bool,
                     under_lead: bool) -> Verb | None:
        """The verb group the item's first sentence takes from a funding or means lead-in, or from a
        plan heading; the money and means lead-ins the item does not continue are closed."""
        implied = None
        money_paragraph = not listed and _MONEY_ITEM.match(item.text) is not None
        if self.money is not None and (listed and item.level >= self.money[1] or fragment or money_paragraph):
            if sentences and _MONEY_ITEM.match(sentences[0]):
                implied = self.money[0]  # "£15 million for the ... programme"
        else:
            self.money = None
        if self.by is not None and (listed and item.level >= self.by[1] or fragment):
            if implied is None and sentences and _ING_ITEM.match(sentences[0]):
                # "The new framework will strengthen accountability by:" + "introducing ...": the
                # means are the publisher's commitments, with the lead's modal.
                implied = self.by[0]
        else:
            self.by = None
        labelled = listed or _DATE_LABEL.match(item.text) is not None  # "Spring 2026: open applications ..."
        if implied is None and self.plan_heading and labelled and not under_lead and sentences and (
            imp := _IMPERATIVE.match(sentences[0])
        ):
            after = sentences[0][imp.end("v") :].split(None, 1)
            if imp.group("v").lower() in BASE_VERBS and not (after and after[0].lower() in _NOT_AFTER_IMPERATIVE):
                # "Publish the national standards" under "Next steps": the department will.
                implied = Verb("will", FIRMNESS_FIRM, STATUS_PLANNED, imp.start("v"), imp.end("v"))
        return implied

    def opens(self, sentence: str, level: int, where: str | None, speaker: str | None,
              abbreviations: dict[str, str]) -> bool:
        """Open the lead-in an item's last sentence makes; True when it is a lead-in and no commitment itself."""
        if not sentence.rstrip().endswith(":"):
            return False  # every lead-in below ends in ":"; most sentences are spared three searches
        if _is_lead_in(sentence, abbreviations, where != "quote"):
            self.lead = (sentence.rstrip().rstrip(":").rstrip(), level, where, speaker)
            return True
        if (verb := _funding_lead(sentence)) is not None:
            self.money = (verb, level)
            return True
        if by := _BY_LEAD.search(sentence):
            modal = by.group("modal").lower()
            # The items take the lead's modal: "could ... by:" hedges every one of them.
            self.by = (Verb(modal, FIRMNESS_HEDGED, STATUS_PLANNED, 0, 0) if modal in _HEDGED_LEADS
                       else Verb("will", FIRMNESS_FIRM, STATUS_PLANNED, 0, 0), level)
        return False


class _Reader:
    """One document read sentence by sentence: the commitments so far, and what later sentences
    refer back to (the last person and hit, the publishing body, the quote sentences placed)."""

    def __init__(self, published: str | None, abbreviations: dict[str, str],
                 quotes: dict[str, tuple[str, Quote]], cut: str | None, speaker: str | None) -> None:
        self.published = published
        self.pub_day = (published or "")[:10]
        self.abbr = abbreviations
        self.quotes = quotes
        self.cut = cut
        self.body_speaker = speaker
        self.used: set[str] = set()  # the quote sentences already reported
        self.out: list[Commitment] = []
        self.keys: dict[str, int] = {}
        self.last_person: list[str] = []  # the last person named as an actor: who a later "he" is
        self.last_hit: list[Hit] = []  # the last commitment's hit: what "This includes inviting bids" continues
        # A release whose lead commitment is by another public body ("Ofsted and CQC will visit ...")
        # is that body's: its "we" and the sentences naming no actor are the body's, not the department's.
        self.publisher: list[str] = []

    def read_section(self, section: Section) -> None:
        """Emit the commitments of one section's items, completing lead-ins from the items under them."""
        leads = _Leads(plan_heading=bool(section.heading and _PLAN_HEADING.fullmatch(section.heading)))
        for item in section.items:
            self._read_item(item, section, leads)

    def _read_item(self, item: SectionItem, section: Section, leads: _Leads) -> None:
        """Emit one item's commitments: its first sentence may complete a lead-in, its last open one."""
        listed = item.kind in ("bullet", "numbered")
        if not listed and len(item.text) <= _HEADING_MAX and _HEADING_LINE.match(item.text):
            # Pasted text keeps headings as short lines: "Next steps", "Timeline".
            leads.plan_heading = bool(_PLAN_HEADING.fullmatch(item.text.strip().rstrip(":")))
            if leads.plan_heading:
                return
        sentences = split_sentences(item.text)
        fragment = not listed and item.text[:1].islower()
        under_lead = leads.under_lead(item, listed, fragment)
        implied = leads.implied_verb(item, sentences, listed, fragment, under_lead)
        if implied is not None:
            self.emit(sentences[0], section.heading, self.body_speaker, implied)
            sentences = sentences[1:]
        if under_lead:
            if sentences and _completes(sentences[0]):
                text, _, where, speaker = leads.lead
                self.emit(f"{text} {_verb_case(sentences[0])}", where, speaker)
                sentences = sentences[1:]
        else:
            leads.lead = None
        level = item.level + 1 if listed else 0
        for i, sentence in enumerate(sentences):
            where, speaker = self._placed(sentence, section)
            if i == len(sentences) - 1 and leads.opens(sentence, level, where, speaker, self.abbr):
                continue
            self.emit(sentence, where, speaker)

    def _placed(self, sentence: str, section: Section) -> tuple[str | None, str | None]:
        """Where a body sentence is reported and whose it is: a quote's sentence is the quote's."""
        norm = comparable(sentence) if self.quotes else ""
        q = self.quotes[norm][1] if norm in self.quotes else None
        if q is not None:
            self.used.add(norm)
        if q is not None or section.kind == "quote":
            return "quote", (_speaker(q) if q else None)
        return section.heading, self.body_speaker

    def read_unplaced_quotes(self) -> None:
        """Emit the quote sentences no body section holds, after the body."""
        for norm, (sentence, q) in self.quotes.items():
            if norm not in self.used:
                self.used.add(norm)
                self.emit(sentence, "quote", _speaker(q))

    def emit(self, sentence: str, section: str | None, speaker: str | None, implied: Verb | None = None) -> None:
        """Add the commitments of one sentence. `implied` is the verb group a list item takes from its
        context when it has none of its own: a funding item under "The funding announced includes:",
        an imperative under "Next steps"."""
        if sentence.rstrip(EDGE_QUOTES + " ").endswith("?"):
            return  # "Will the government publish the report?": a question commits no one
        drafts = self._sentence_drafts(sentence, section, implied)
        self.last_person.extend(d.hit.actor for d in drafts if d.hit.person)
        self.last_hit.extend(d.hit for d in drafts[-1:])
        if not drafts:
            return
        scan = scan_figures(sentence, self.published)
        spans = programme_spans(sentence, abbreviations=self.abbr)
        for d in drafts:
            self.out.append(self._commitment(d, scan, spans, section, speaker))

    def _sentence_drafts(self, sentence: str, section: str | None, implied: Verb | None) -> list[_Draft]:
        """The sentence's drafts, with what its context supplies: the last actor for "This includes
        ...", the implied verb, the publishing body; the clause running into a cut is dropped."""
        last_hit = self.last_hit
        # Plain noun-phrase subjects count in the body only: in quotes they are mostly rhetoric.
        drafts = _drafts(sentence, self.abbr, generic=section != "quote",
                         antecedent=self.last_person[-1] if self.last_person else None,
                         group=last_hit[-1].actor if last_hit and _is_group(last_hit[-1]) else None)
        if not drafts and last_hit and (inc := _INCLUDES.match(sentence)):
            # "The government is taking measures ... This includes inviting bids for ...": the
            # same actor, now doing the -ing action.
            verb = Verb("is", FIRMNESS_FIRM, STATUS_ONGOING, inc.start("v"), inc.end("v"))
            hit = dataclasses.replace(last_hit[-1], actor_start=0, actor_end=0, verb=verb, source=None)
            drafts = [_Draft(_clean(sentence), hit, _action(sentence[inc.start("v") :]), ((0, len(sentence)),))]
        if not drafts and implied is not None:
            hit = Hit(IMPLIED_ACTOR, 0, 0, implied)
            drafts = [_Draft(_clean(sentence), hit, _action(sentence[implied.verb_start :]), ((0, len(sentence)),))]
        if self.cut is not None and comparable(sentence).endswith(self.cut):
            drafts = [d for d in drafts if d.ranges[-1][1] < len(sentence.rstrip()) - 1]
        if not self.out and drafts and section != "quote":
            self.publisher.extend(_publishing_body(drafts[0].hit.actor))
        if self.publisher and section != "quote":  # a quoted minister's "we" is still the government
            drafts = [dataclasses.replace(d, hit=dataclasses.replace(d.hit, actor=who))
                      if (who := _publisher_for(sentence, d.hit, self.publisher[0])) else d for d in drafts]
        return drafts

    def _commitment(self, d: _Draft, scan: Scan, spans: tuple[Found, ...], section: str | None,
                    speaker: str | None) -> Commitment:
        """The commitment of one draft, with its figures, programmes, status, firmness and key."""
        money, quantities, dates = scan.within(list(d.ranges))
        verb = d.hit.verb
        if verb.status == STATUS_PLANNED and self.pub_day and not verb.reported:
            # A reported announcement's own date ("On 9 December, the Minister announced
            # that ...") is past: only the content's dates are the next occurrence.
            dates = [_next_occurrence(x, self.pub_day) for x in dates]
        firmness = verb.firmness
        if firmness == FIRMNESS_FIRM and _CONDITIONAL.search(d.text):
            firmness = FIRMNESS_HEDGED  # "subject to consultation, the department will ..."
        programmes = tuple(dict.fromkeys(f.programme.name for f in spans if any(a <= f.start < b for a, b in d.ranges)))
        return Commitment(
            key=self._key(d.text),
            text=d.text,
            actor=_tidy_actor(d.hit.actor),
            action=d.action,
            modality=verb.modality,
            firmness=firmness,
            status=_status(d, dates, self.pub_day),
            section=section,
            money=tuple(money),
            quantities=tuple(quantities),
            dates=tuple(dates),
            programmes=programmes,
            position=len(self.out),
            speaker=speaker,
        )

    def _key(self, text: str) -> str:
        """The commitment key of a text; a text repeated in the document gets "-2", "-3", ..."""
        key = commitment_key(text)
        self.keys[key] = self.keys.get(key, 0) + 1
        return f"{key}-{self.keys[key]}" if self.keys[key] > 1 else key


def _status(d: _Draft, dates: list[DateRef], pub_day: str) -> str:
    """The verb's status, moved by what was announced and by the dates of the commitment."""
    verb = d.hit.verb
    status = verb.status
    announced = verb.reported or verb.modality in ("announced", "confirmed")
    if announced and status == STATUS_DONE:
        if _ONGOING_OBJECT.match(d.text, _object_start(d)):
            status = STATUS_ONGOING  # "announced a review into ...": the review goes on
        elif pub_day and any(x.start and x.start > pub_day and x.kind in _PERIOD_KINDS for x in dates):
            # "announced a £1 billion increase for 2025-26": the period is to come (a month
            # or a day is more often when the announcement was made).
            status = STATUS_PLANNED
    if verb.firmness == FIRMNESS_FIRM and status == STATUS_ONGOING and verb.modality in ("is", "are", "am"):
        # "We are publishing the report in spring 2025": a future point fixes the start.
        # A period ("in the 2025 to 2026 financial year", "from 1 April") or a year in an
        # aside ("Ahead of our White Paper next year") does not.
        if pub_day and any(x.start and x.start > pub_day and x.kind in _POINT_KINDS for x in dates):
            status = STATUS_PLANNED
    return status


_PLAN_HEADING = re.compile(
    r"(?:[\w'’-]+\s+){0,3}?(?:next\s+steps|timeline|timetable|what\s+(?:we\s+will\s+do|happens\s+next)|"
    r"(?:our|the|action|delivery|implementation)\s+plan|actions|implementation|roadmap|our\s+commitments)"
    r"(?:\s+[\w'’-]+){0,3}",
    re.IGNORECASE,
)
# A line that reads as a heading: short, capitalised, no full stop, no colon, no verb group.
_HEADING_LINE = re.compile(
    r"(?![^\n]*\b(?:will|is|are|was|were|has|have|explains|sets|includes|shows)\b)[A-Z][^.!?:]{0,40}$"
)
_HEADING_MAX = 42  # the longest text _HEADING_LINE matches (41 characters and a newline): longer ones skip it
_DATE_LABEL = re.compile(r"[A-Z][\w ,-]{0,30}\d{4}:\s+[a-z]")
# An imperative item, maybe after a date label: "Publish the standards", "Spring 2026: consult on ...".
_IMPERATIVE = re.compile(r"(?:[A-Z][\w ,-]{0,30}:\s+)?(?P<v>[A-Za-z]+)\b")
_NOT_AFTER_IMPERATIVE = _NEXT_AFTER_VERB_BAD | {"to", "from", "in", "at", "with"}  # "Support for parents": a noun
_MONEY_ITEM = re.compile(r"(?:(?:up\s+to|over|more\s+than|nearly|almost|an?\s+(?:extra|further|additional))\s+)?£\d")
_FUNDING_LEAD = re.compile(
    r"\b(?:funding|investment|money|grants?|allocations?|package|budget)\b.*?\b(?P<v>announced|confirmed|unveiled|"
    r"will|is\s+investing|are\s+investing)\b[^:]*:\s*$",
    re.IGNORECASE,
)


# A modal lead-in whose list gives the means: "The new framework will build on and strengthen X by:".
_BY_LEAD = re.compile(r"\b(?P<modal>will|shall|is\s+going\s+to|are\s+going\s+to|could|may|might|would)\s+[^:]*\bby:\s*$")
_HEDGED_LEADS = frozenset({"could", "may", "might", "would"})
_ING_ITEM = re.compile(r"(?![Bb]eing\b)[A-Za-z]{3,}ing\b")  # "introducing ...", "carrying out ..."


def _funding_lead(sentence: str) -> Verb | None:
    """ "The funding announced includes:", "The new investment will cover:": each money item after
    it is the department's commitment, with the lead's verb ("These provide for:" has none)."""
    m = _FUNDING_LEAD.search(sentence)
    if m is None:
        return None
    word = m.group("v").lower()
    if word == "will":
        return Verb("will", FIRMNESS_FIRM, STATUS_PLANNED, 0, 0)
    if word.endswith("investing"):
        return Verb("is", FIRMNESS_FIRM, STATUS_ONGOING, 0, 0)
    return Verb("announced", FIRMNESS_DONE, STATUS_DONE, 0, 0)


_OBJECT_NEXT = re.compile(r"\s+(?:(?:its|their|our|his|her|the|a|an|new|plans?|proposals?)\b|£)")
_WE = re.compile(r"(?:[Ww]e|[Oo]ur|[Uu]s)\b")
_DEPARTMENT = re.compile(r"\b(?:[Dd]epartment|DfE)\b")
_BY_DEPARTMENT = re.compile(r"(?:\s+[a-z]+)?\s+by\s+(?:the\s+)?(?:[Dd]epartment\b|DfE\b)")  # a passive's named agent


def _publishing_body(actor: str) -> list[str]:
    """[actor] when it is one or more named public bodies (not the department), else []."""
    if actor in (DFE, GOVERNMENT):
        return []
    for part in actor.split(" and "):
        spans = programme_spans(part)
        if not (len(spans) == 1 and spans[0].programme.name == part and spans[0].programme.kind == "body"):
            return []
    return [actor]


def _publisher_for(sentence: str, hit: Hit, publisher: str) -> str | None:
    """Who acts for a hit whose actor is "we" (all the publishing bodies) or implied (the first of
    them, the page's publisher); None when the hit names a government or department itself."""
    a, b = hit.source or (hit.actor_start, hit.actor_end)
    if hit.actor == GOVERNMENT:
        return publisher if _WE.fullmatch(sentence, a, b) is not None else None
    # A passive or a plan acting ("The new visits will be introduced", "The framework will focus on")
    # is given to the implied actor: the publisher, unless the words name the department.
    if hit.actor == IMPLIED_ACTOR and _DEPARTMENT.search(sentence, a, b) is None and not _BY_DEPARTMENT.match(
            sentence, hit.verb.end):
        return publisher.split(" and ")[0]
    return None


def _rejoined(items: tuple[SectionItem, ...]) -> tuple[SectionItem, ...]:
    """Paragraphs split inside a sentence ("... in early 2026, after the" / "Spending Review
    confirmed ...", a hard wrap or a stray blank line) joined back into one."""
    out: list[SectionItem] = []
    for item in items:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == item.kind == "paragraph" and _runs_on(prev.text):
            out[-1] = dataclasses.replace(prev, text=f"{prev.text.rstrip()} {item.text.lstrip()}")
        else:
            out.append(item)
    return tuple(out) if len(out) != len(items) else items


def _runs_on(text: str) -> bool:
    """A paragraph that stops where no sentence can: after a comma, an article, a preposition or a
    conjunction ("after the", "such as", "e.g. in the")."""
    words = text.split()
    return bool(words) and (words[-1].endswith(",") or words[-1].lower() in _FUNCTION_WORDS)


def _is_lead_in(sentence: str, abbreviations: dict[str, str], generic: bool) -> bool:
    """A sentence ending in ":" whose actor and verb group a list item will complete."""
    if not sentence.rstrip().endswith(":"):
        return False
    stem = sentence.rstrip().rstrip(":").rstrip()
    # "we are:" is completed by "-ing" items, "The review will look at:" by objects.
    return any(
        sentence_hits(stem + probe, abbreviations, generic=generic)
        for probe in (" deliver it", " delivering it", " delivered it")
    )


def _verb_case(item: str) -> str:
    """ "Created 10,000 new places" after "We have already:" reads "created": a list item that opens
    with a capitalised verb is lowercased where it joins its lead-in."""
    first = item.split(None, 1)[0] if item.split() else ""
    low = first.lower()
    verb = is_participle(low) or low in BASE_VERBS or (low.endswith("ing") and len(low) > 4)
    return low + item[len(first) :] if verb and first[:1].isupper() and first[1:].islower() else item


def _cut_off(sentence: str) -> bool:
    """The last sentence of a text that stops mid-sentence ("... for children and young p")."""
    if _ENDS_SENTENCE.search(sentence):
        return False
    words = sentence.split()
    last = words[-1] if words else ""
    if last.lower() in _FUNCTION_WORDS or (len(last) <= 3 and last.islower()):
        return True  # "... and young p", "... fund a la"
    # A headline or a short bullet has no full stop, but a long line without one was cut off.
    return len(words) >= 12


# What an announcement starts rather than finishes: "announced a review of ...".
_ONGOING_OBJECT = re.compile(r"\s*(?:an?|the|its|our)\s+(?:[\w-]+\s+){0,3}?(?:review|consultation|inquiry|call\s+for\s+evidence)\b",
                             re.IGNORECASE)


def _object_start(d: _Draft) -> int:
    """Where the announced object starts in the draft text: after the announcing verb."""
    m = _ANNOUNCING_WORD.search(d.text)
    return m.end() if m else len(d.text)


_ANNOUNCING_WORD = re.compile(r"\b(?:announced|confirmed|launched)\b")
_PERIOD_KINDS = frozenset({"year", "financial_year", "academic_year", "range"})
_POINT_KINDS = frozenset({"date", "month", "season"})
_RELATIVE = re.compile(r"\b(?:which|who)\b")


def _is_group(hit: Hit) -> bool:
    """A public body named as a plain subject ("the review group"): what a later "they" is."""
    return not hit.person and hit.actor not in (GOVERNMENT, DFE) and hit.actor[:1].islower()


_INCLUDES = re.compile(r"(?:This|It)\s+(?:also\s+)?(?:includes|involves)\s+(?P<v>[a-z]+ing)\b")
_ENDS_SENTENCE = re.compile(r"[.!?:;…\"”’)\]]\s*$")
_FUNCTION_WORDS = frozenset("the a an and or of in on for to with by from at as that which".split())
_NOT_A_PREDICATE_START = frozenset("they it we he she there this these those".split())
_AUXILIARIES = frozenset("will would should shall can could may might must are is was were have has".split())


def _completes(item: str) -> bool:
    """Whether a list item reads as the rest of a lead-in: a verb phrase or object, not a clause
    with its own subject ("standards will cover ...")."""
    words = item.split(None, 2)
    if not words or words[0].lower() in _NOT_A_PREDICATE_START:
        return False
    if len(words) >= 2 and words[1].lower() in _AUXILIARIES:
        return False
    # "every local authority will receive ...": a clause with its own subject.
    return not any(h.actor_start == 0 for h in generic_hits(item, []))


def _speaker(q: Quote) -> str | None:
    return q.speaker  # a role alone is not a speaker
