-- Each exchange's watcher reads its exchange's active alerts page by page, by id (issue 17: ten
-- million alerts at start): a page is a range of this index. Only active alerts are in it.
CREATE INDEX alerts_active_by_exchange ON alerts (exchange, id) WHERE status = 'created';
