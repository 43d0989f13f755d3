-- Each delivery lane (notify/delivery_lanes.hpp) claims and waits for the due rows of its own
-- channel type: without the type in an index, an idle lane's next_due and claim_due read every
-- pending row of the other types (docs/benchmarks.md, "Channels storm").
CREATE INDEX notifications_due_by_type ON notifications (status, channel_type, next_attempt_at, id);
