/**
 * `npm run bench:engine:ioc`: one session that sends only IOC orders (nothing of it ever rests), against a book with
 * one large resting sell order: half the IOCs buy at its price and trade, half below it and are cancelled. Every
 * order is the session's only live order while it runs, so this shows what a session's ClOrdID index costs when it
 * empties after each order. Prints JSON: commands/s over the whole run, and ns per command (CPU time per batch of
 * BATCH commands: p50 and the best batch).
 */
import { cpus } from 'node:os';
import { MatchingEngine } from '../../engine';
import { defineInstrument, OrderType, type PlaceOrder, type PriceTicks, type QtyLots, Side, TimeInForce } from '../../engine/model';

const COMMANDS = Number(process.env.COMMANDS ?? 1_000_000);
const BATCH = 10_000;
const START_US = 1_767_258_000_000_000n;
const ASK_TICKS = 10_100;

const engine = new MatchingEngine([defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' })]);
engine.execute({ kind: 'PlaceOrder', sessionId: 'MAKER', clientOrderId: 'M1', account: 'A', firm: 'F', symbol: 'ACME', side: Side.Sell, type: OrderType.Limit, timeInForce: TimeInForce.GoodTillCancel, qtyLots: (COMMANDS + 1) as QtyLots, priceTicks: ASK_TICKS as PriceTicks }, START_US);
const commands: PlaceOrder[] = Array.from({ length: COMMANDS }, (_, i) => ({
  kind: 'PlaceOrder', sessionId: 'TAKER', clientOrderId: `I${i}`, account: 'B', firm: 'G', symbol: 'ACME', side: Side.Buy, type: OrderType.Limit,
  timeInForce: TimeInForce.ImmediateOrCancel, qtyLots: 1 as QtyLots, priceTicks: (i % 2 === 0 ? ASK_TICKS - 100 : ASK_TICKS) as PriceTicks,
}));

let events = 0;
const perBatchNs: number[] = [];
const started = process.hrtime.bigint();
for (let from = 0; from < COMMANDS; from += BATCH) {
  const cpu = process.cpuUsage();
  const to = Math.min(COMMANDS, from + BATCH);
  for (let i = from; i < to; i += 1) events += engine.execute(commands[i] as PlaceOrder, START_US + BigInt(i)).length;
  const used = process.cpuUsage(cpu);
  perBatchNs.push(((used.user + used.system) * 1000) / (to - from));
}
const elapsedNs = Number(process.hrtime.bigint() - started);
perBatchNs.sort((a, b) => a - b);
console.log(JSON.stringify({
  benchmark: 'engine, one IOC-only session',
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  commands: COMMANDS,
  events,
  commandsPerSecond: Math.round(COMMANDS / (elapsedNs / 1e9)),
  cpuNsPerCommand: { p50: Math.round(perBatchNs[Math.floor(perBatchNs.length / 2)] ?? 0), best: Math.round(perBatchNs[0] ?? 0), batch: BATCH },
}, null, 2));
