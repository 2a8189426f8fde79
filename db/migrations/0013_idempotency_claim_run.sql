-- Which run of the gateway claimed an Idempotency-Key (a random id per process start). A claim still without an answer
-- whose run is not the current one was cut off by a crash or a stop: its repeat is no longer "still running" (409) but
-- taken over, and the route finds what the first attempt did (an order placed before the crash) or runs it again.
-- Claims from before this column have no run: they count as cut off.
ALTER TABLE idempotency_key ADD COLUMN claim_run text;
