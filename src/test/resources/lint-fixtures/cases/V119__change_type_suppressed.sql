-- app:lint-ignore change-column-type: varchar widening is binary-coercible, measured without rewrite by lint --observed
-- expect-suppressed: change-column-type
-- expect-none: invalid-suppression
ALTER TABLE fx_orders ALTER COLUMN note TYPE VARCHAR(200);
