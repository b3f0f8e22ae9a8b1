"""The explorer: one self-contained HTML page of Enschede's partnerships for policy advisors,
made from the store through saved queries (``viz``) and its templates."""
