-- app:lint-ignore require-concurrent-index
-- expect: invalid-suppression, require-concurrent-index
CREATE INDEX fx_events_payload ON fx_events (payload);
