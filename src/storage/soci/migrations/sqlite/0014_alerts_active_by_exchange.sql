-- Each exchange's watcher reads its exchange's active alerts page by page, by id (issue 17: ten
-- million alerts at start). Without this index each page read the whole table, or the active
-- alerts of every exchange sorted anew; the embedded process runs a watcher per exchange. Only
-- active alerts are in it (a partial index: an import of triggered and deleted alerts pays
-- nothing for it), and SQLite keeps the rowid (the id) in every index, so a page is a range of it.
CREATE INDEX alerts_active_by_exchange ON alerts (exchange) WHERE status = 'created';
