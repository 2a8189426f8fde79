/**
 * The Node.js (V8) flags the gateway process runs with: `npm start` passes them (package.json, checked against this
 * list by test/unit/ops/node-flags.test.ts), and the tests and benchmarks that start the gateway as a process pass
 * them too, so they run it as it runs in production.
 *
 * --max-semi-space-size=64 (MB; V8's default here is 16): the young generation, where every order's terms and
 * events are made. The engine's garbage is almost all short-lived, but each scavenge copies what is still alive
 * (the terms of orders that rested since the last one), at a cost that hardly depends on the young generation's
 * size: a larger one means fewer scavenges for the same work. `FLAGS_A='--max-semi-space-size=16'
 * FLAGS_B='--max-semi-space-size=64' npm run bench:flags` (five runs of each, in turn): shallow book 1.39M -> 1.81M
 * commands/s (faster in 4 pairs of 5), deep book 0.79M -> 0.90M (5 of 5), CPU 17-18% lower, scavenge pauses 99 ->
 * 24 per three loops. The price: fewer but longer pauses on a deep book (longest 13 -> 21 ms; shallow 8 -> 6 ms), and
 * a deep-book p99 per command of 7.3 µs against 6.7 (the runs' ranges overlap), and memory: under steady allocation
 * the young generation grows to two semi-spaces, 128 MB against 32 (a scratch allocation loop: resident memory 254 MB
 * against 111). See the README (Engine).
 *
 * --initial-old-space-size=512 (MB): the old generation's allocation limit does not fall below this. With a 64 MB
 * young generation V8 starts incremental marking as soon as the old generation's room to its limit is less than
 * about the young generation's capacity; with the limit set from the live heap (about 1.9 x 50-100 MB here) that
 * was always, and under FIX load at 5,000 orders/s the gateway ran a major GC every 0.3-0.6 s (`--trace-gc`,
 * `--trace-incremental-marking`: "Start (task)", 4-14 ms pauses). With the floor, major GC pauses fell from 5-13 to
 * 0.6-2.9 ms a second and the orders' p99 at 5,000/s was lower in 6 of 7 pairs of runs in turn (median 39 against
 * 80 ms; `E2E_GATEWAY_FLAGS`, see the README's end-to-end section); the engine bench does not mind (shallow 1.09x,
 * deep 0.99x, `bench:flags`). The price is memory: garbage may fill the old generation up to about 512 MB before a
 * major GC (a synthetic allocation loop: collections at about 495 MB, resident memory 626 MB against about 480).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--initial-old-space-size=512'];
