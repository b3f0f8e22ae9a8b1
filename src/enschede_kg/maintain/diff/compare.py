"""What changed between two snapshots, in the advisor's terms rather than as triples.

A new tie is a partner added; a new or changed status period is a tie whose status changed (or
ended, when it gained an end date); new agreements and events are named as such; any other
changed value of a thing present on both sides is a corrected fact. The link that merely points
at a new thing (a tie's new status period, an event's new participation) is part of that
addition and not reported twice. Each change carries the sentences it rests on: those its side
cites for the thing, the ones not cited before first.
"""

from __future__ import annotations

from dataclasses import dataclass

from enschede_kg.maintain.diff.snapshot import Evidence, Item, Snapshot, Value
from enschede_kg.rdf.namespaces import EKG

#: Sections of a report, in order; each change has one of these kinds.
SECTIONS: dict[str, tuple[str, str]] = {
    "partner-added": ("Nieuwe partners en banden", "Partners and ties added"),
    "status-changed": ("Status gewijzigd", "Ties whose status changed"),
    "status-ended": ("Status beëindigd", "Ties whose status ended"),
    "agreement-added": ("Nieuwe afspraken", "New agreements"),
    "event-added": ("Nieuwe gebeurtenissen", "New events"),
    "corrected": ("Gecorrigeerde feiten", "Facts corrected"),
    "added": ("Overige toevoegingen", "Other additions"),
    "partner-removed": ("Banden verdwenen", "Ties removed"),
    "removed": ("Verwijderd", "Removed"),
}
_ADDED = {
    "Relationship": "partner-added",
    "Agreement": "agreement-added",
    "Event": "event-added",
    "StatusPeriod": "status-changed",
}
#: Links from a thing to the parts that are reported with it.
_PARTS = {str(EKG.hasStatusPeriod), str(EKG.hasParticipation)}


#: What an added thing is described by: when, where, with whom, with which status.
_TELLING = tuple(
    str(p)
    for p in (
        EKG.partner,
        EKG.status,
        EKG.startDate,
        EKG.startSeason,
        EKG.endDate,
        EKG.endSeason,
        EKG.date,
        EKG.inSeason,
        EKG.location,
        EKG.destination,
    )
)
Detail = tuple[str, str, str, tuple[Value, ...]]


def _details(iri: str, snap: Snapshot) -> tuple[Detail, ...]:
    """The telling facts of a thing, and of its status periods (a new tie's status)."""
    out: list[Detail] = []
    props = snap.facts.get(iri, {})
    for prop in _TELLING:
        if prop in props:
            nl, en = snap.properties.get(prop, ("", ""))
            out.append((prop, nl, en, _sorted(props[prop])))
    for part in sorted(props.get(str(EKG.hasStatusPeriod), ()), key=lambda v: v.value):
        out += [d for d in _details(part.value, snap) if d not in out]
    return tuple(out)


@dataclass(frozen=True)
class Change:
    """One change for the advisor: what, on which thing, from which values to which, and why."""

    kind: str
    item: Item
    #: The tie a status period belongs to (status changes are told about the tie).
    tie: Item | None = None
    field: str = ""
    field_nl: str = ""
    field_en: str = ""
    old: tuple[Value, ...] = ()
    new: tuple[Value, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    #: For an added or removed thing, its telling facts: (property, label nl, label en, values).
    details: tuple[Detail, ...] = ()

    def sort_key(self) -> tuple[int, str, str, str]:
        subject = (self.tie or self.item).show("nl").casefold()
        return (list(SECTIONS).index(self.kind), subject, self.item.iri, self.field)


@dataclass(frozen=True)
class Diff:
    """The changes between two sides, in report order."""

    old: str
    new: str
    changes: tuple[Change, ...]


def _sorted(values: frozenset[Value]) -> tuple[Value, ...]:
    return tuple(sorted(values, key=lambda v: (v.lang, v.value)))


def _evidence(iri: str, side: Snapshot, other: Snapshot) -> tuple[Evidence, ...]:
    """The side's sentences for ``iri``, those the other side did not cite first."""
    before = {e.passage for e in other.evidence.get(iri, ())}
    ev = side.evidence.get(iri, ())
    return tuple(sorted(ev, key=lambda e: (e.passage in before, e.passage)))


def _fact_evidence(
    iri: str,
    prop: str,
    gone: frozenset[Value],
    came: frozenset[Value],
    old: Snapshot,
    new: Snapshot,
) -> tuple[Evidence, ...]:
    """The sentences that state the changed values themselves, when the data says so per
    statement; otherwise the thing's sentences."""
    out: list[Evidence] = []
    for side, values in ((new, came), (old, gone)):
        for v in sorted(values, key=lambda v: (v.lang, v.value)):
            out += [e for e in side.statements.get((iri, prop, v.value), ()) if e not in out]
    return tuple(out) or _evidence(iri, new, old)


def _tie_of(period: str, snap: Snapshot) -> Item | None:
    link = str(EKG.hasStatusPeriod)
    for iri, props in snap.facts.items():
        if any(v.value == period for v in props.get(link, ())) and iri in snap.items:
            return snap.items[iri]
    return None


def _parent_is_new(iri: str, old: Snapshot, new: Snapshot) -> bool:
    for parent, props in new.facts.items():
        for prop in _PARTS:
            if any(v.value == iri for v in props.get(prop, ())) and parent not in old.items:
                return True
    return False


def _field_changes(iri: str, old: Snapshot, new: Snapshot) -> list[Change]:
    item = new.items[iri]
    before, after = old.facts.get(iri, {}), new.facts.get(iri, {})
    tie = _tie_of(iri, new) if item.kind == "StatusPeriod" else None
    out = []
    for prop in sorted(set(before) | set(after)):
        a, b = before.get(prop, frozenset()), after.get(prop, frozenset())
        if a == b:
            continue
        gone, came = a - b, b - a
        if prop in _PARTS and not gone and all(v.value not in old.items for v in came):
            continue  # the new parts are reported themselves
        if prop in _PARTS and not came and all(v.value not in new.items for v in gone):
            continue
        if item.kind == "StatusPeriod":
            kind = "status-ended" if prop == str(EKG.endDate) and not a else "status-changed"
        else:
            kind = "corrected"
        nl, en = new.properties.get(prop) or old.properties.get(prop) or ("", "")
        out.append(
            Change(
                kind,
                item,
                tie,
                prop,
                nl,
                en,
                _sorted(frozenset(gone)),
                _sorted(frozenset(came)),
                _fact_evidence(iri, prop, gone, came, old, new),
            )
        )
    return out


def compare(old: Snapshot, new: Snapshot) -> Diff:
    """Every change from ``old`` to ``new``, in report order."""
    changes: list[Change] = []
    for iri, item in new.items.items():
        if iri in old.items:
            changes += _field_changes(iri, old, new)
            continue
        if item.kind == "Participation" and _parent_is_new(iri, old, new):
            continue
        kind = _ADDED.get(item.kind, "added")
        tie = _tie_of(iri, new) if item.kind == "StatusPeriod" else None
        if tie is not None and tie.iri not in old.items:
            continue  # a new tie's status periods belong to 'partner added'
        changes.append(
            Change(kind, item, tie, details=_details(iri, new), evidence=_evidence(iri, new, old))
        )
    for iri, item in old.items.items():
        if iri not in new.items:
            kind = "partner-removed" if item.kind == "Relationship" else "removed"
            changes.append(
                Change(kind, item, details=_details(iri, old), evidence=_evidence(iri, old, new))
            )
    return Diff(old.name, new.name, tuple(sorted(changes, key=Change.sort_key)))
