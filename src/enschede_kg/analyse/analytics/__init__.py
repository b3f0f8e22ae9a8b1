"""Network analytics: the RDF graph projected into networkx graphs, and what their structure says.

The projection is a documented rule (also in ``docs/analytics.md``), read from the graph through
``queries/analytics/*.rq`` only:

**Actors** (``actors.rq``) are places, organisations and people, each folded into the actor it
acts for: a local government counts as the city it governs (``ekg:governs``), a person with a post
as the organisation of the post (``ekg:heldBy``/``ekg:postIn``) and so, for a local government, as
its city. Everything else counts as itself. Folding is what makes "the mayor visited Dalian" a tie
between Enschede and Dalian.

**The partnership network** (:meth:`Projection.partnership_network`, an undirected
``nx.MultiGraph``) has the actors as nodes and one edge per tie, typed (``kind``) and dated
(``date`` as stored, at the source's precision; ``year``; ``via`` the node behind it):

- ``partnership``, ``friendly-city``, ``cooperation``, ``country-relation``: the two
  ``ekg:partner`` of a city partnership, friendly cities, cooperation or country relation, dated
  by ``ekg:startDate`` (``ties.rq``);
- ``membership``: ``ekg:member`` – ``ekg:inNetwork`` of a membership, by ``ekg:startDate``;
- ``agreement``: every pair of ``ekg:party`` of an agreement, by ``ekg:date``;
- ``shared-event``: every pair of actors that took part in the same event (``events.rq``): its
  participants in any role, and the place it was held in or went to (``ekg:location``,
  ``ekg:destination``), dated by the event's ``ekg:date``. These edges are the one-mode
  projection of the actor–event network.

A tie whose two ends fold into the same actor is dropped. An actor that took part in an event
alone is a node without edges.

**The actor–event network** (:meth:`Projection.actor_event_network`, a bipartite ``nx.Graph``,
node attribute ``bipartite`` 0 for actors and 1 for events) links each event to the actors that
took part in it. An event *within* a city partnership (``ekg:withinPartnership``) is not taking
part, but counts as activity of the partnership's partners.

**As it stood in year Y** (:meth:`Projection.as_of`): only ties and events dated in or before Y,
or undated; actors left without any tie or event drop out.

**Context** (``project(..., context=True)``, ``analyze --context``): the twin-city links of the
imported graphs (``context-twinnings.rq``: ``wdt:P190`` of the Wikidata snapshot, each end mapped
to our place through ``ekg:wikidata`` or a reviewed reconciliation, asked only for the links with
an end that maps to ours, the only ones that can touch an actor) add ties of kind ``twinning``,
undated (the snapshot is a state, not a start), between an actor of the curated network and its
twins: the first ring of the world around Enschede's network, not the snapshot's 10,055 places.
Actors known only from the snapshot (:attr:`Projection.context`) get network measures but no
activity.

**Measures** are computed on the simple graph (parallel ties collapsed: two actors are linked or
not): degree (the number of other actors with a direct tie), betweenness (networkx, normalised:
the share of shortest chains between pairs of other actors that pass through the actor),
closeness (networkx: (reachable − 1) / sum of distances, scaled by the reachable share),
communities (Louvain with a fixed seed, so runs agree) and connected components, both numbered
from 1 by size. :func:`node_measures` gives them per actor IRI, for the explorer.

**Activity** per actor and year: events (all), visits, internships, work missions (by asserted
class) and agreements, credited to every actor that took part, the place, and the partners of the
partnership it was within; a sub-event counts with the trip it is part of. The verdict: *active*
when a lasting tie is in force in the reference year (started then or before; an undated one from
the year the source describes on) or something happened in the ``dormant_years`` years up to it;
*dormant* when neither; *too little data* when there is no dated activity and no tie known to be
in force. Each verdict sentence names its evidence (see ``docs/analytics.md``).

The package shows these parts, each readable and changeable alone: :mod:`.reading` (the
analytics queries, labels, the imported twin-city links), :mod:`.projection` (actors, ties, events
and the two networks), :mod:`.measures` (structure), :mod:`.activity` (counts and the verdict),
:mod:`.wording` (one line per figure, nl/en) and :mod:`.report` (the analysis and its formats).
"""

from __future__ import annotations

from enschede_kg.analyse.analytics.activity import (
    ACTIVITY_COLUMNS,
    EVENT_COLUMN,
    TIE_COLUMN,
    Activity,
    activity,
)
from enschede_kg.analyse.analytics.measures import (
    NodeMeasures,
    communities,
    components,
    measure,
    node_measures,
    numbered,
    simple_graph,
)
from enschede_kg.analyse.analytics.projection import Event, Projection, Tie, project
from enschede_kg.analyse.analytics.reading import (
    ANALYTICS_DIR,
    COMMUNITY_SEED,
    DEFAULT_DORMANT_YEARS,
    AnalyticsError,
    ContextSource,
    Labels,
    Measure,
    Twinning,
    Value,
    analytics_query,
    compact,
    context_twinnings,
    latest_year,
    local_name,
    normalise,
    records,
    twinnings,
)
from enschede_kg.analyse.analytics.report import FIGURE_COLUMNS, FORMATS, analyze, format_analysis
from enschede_kg.analyse.analytics.wording import RANKING_COLUMNS, TEXT, WHAT, Analysis, Figure
from enschede_kg.text import LANGS, year_of

__all__ = [
    "ACTIVITY_COLUMNS",
    "ANALYTICS_DIR",
    "COMMUNITY_SEED",
    "DEFAULT_DORMANT_YEARS",
    "EVENT_COLUMN",
    "FIGURE_COLUMNS",
    "FORMATS",
    "LANGS",
    "RANKING_COLUMNS",
    "TEXT",
    "TIE_COLUMN",
    "WHAT",
    "Activity",
    "Analysis",
    "AnalyticsError",
    "ContextSource",
    "Event",
    "Figure",
    "Labels",
    "Measure",
    "NodeMeasures",
    "Projection",
    "Tie",
    "Twinning",
    "Value",
    "activity",
    "analytics_query",
    "analyze",
    "communities",
    "compact",
    "components",
    "context_twinnings",
    "format_analysis",
    "latest_year",
    "local_name",
    "measure",
    "node_measures",
    "normalise",
    "numbered",
    "project",
    "records",
    "simple_graph",
    "twinnings",
    "year_of",
]
