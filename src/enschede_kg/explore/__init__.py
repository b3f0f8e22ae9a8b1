"""The explorer: one self-contained HTML page of Enschede's partnerships for policy advisors.

Its parts, in the order data flows through them:

- ``vocab``: what is drawn and in which words (kinds, relations, interface strings nl/en);
- ``dates``: dates in words at the precision of their source;
- ``rows``: the explorer's saved queries (``queries/viz/``) and their labels;
- ``data``: everything the page shows, as JSON-able data (``context``: the Wikidata 2016 mode);
- ``layout``: positions computed once, so that the browser only draws;
- ``views``: each view's server side (``views.network``: vis-network's lists and script);
- ``assets`` and ``page``: the templates, scripts and data inlined under a strict CSP.

The browser side mirrors it: ``templates/js/state.js`` holds the shared state, and each view and
control has its own script (``network.js``, ``panel.js``, ``search.js``, ``filters.js``,
``table.js``), joined in that order into the page's one inline script.
"""
