import { expect } from 'chai';
import { MatchingEngine } from '../../../engine';
import type { EngineCommand, OrderCommand } from '../../../engine/model';
import { type EventBarrier, OrderPath } from '../../../gateway/order-path';
import { PreTradeRisk, type ScopedLimits } from '../../../risk';
import { CommandGenerator, TEST_INSTRUMENTS } from '../engine/command-generator';

/** Limits that refuse part of the flow (a refused command is not journaled, so a replay never sees it). */
const LIMITS: ScopedLimits[] = [
  { scope: 'account', id: 'A1', limits: { maxOrderQty: '40' } },
  { scope: 'account', id: 'A3', limits: { maxOpenOrders: 6, maxDailyLoss: '1000000' } },
  { scope: 'session', id: 'S2', limits: { maxMessagesPerSecond: 2 } },
  { scope: 'firm', id: 'F2', limits: { priceCollarPercent: 20, collarReference: 'mid' } },
];

/** An order path on a fresh engine and risk; the barrier keeps each journaled command (those the engine ran) and releases at once. */
function orderPath(journaled?: { command: EngineCommand; nowUs: bigint }[]): { path: OrderPath; risk: PreTradeRisk } {
  const engine = new MatchingEngine(TEST_INSTRUMENTS);
  const risk = new PreTradeRisk(engine, LIMITS, { bestPrices: { bidTicks: (s) => engine.bestBidTicks(s), askTicks: (s) => engine.bestAskTicks(s) } });
  const barrier: EventBarrier = {
    record: (command, _events, release, executedAtUs) => {
      if (executedAtUs !== null) journaled?.push({ command, nowUs: executedAtUs });
      release();
    },
  };
  return { path: new OrderPath(engine, risk, barrier), risk };
}

describe('recovery: risk after a replay of the journaled commands is risk as the process that ran them left it', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 6,000 commands over several trading days, part of them refused by risk: every level's open orders and value, the day's messages, trades and P&L`, () => {
      const journaled: { command: EngineCommand; nowUs: bigint }[] = [];
      const live = orderPath(journaled);
      const generator = new CommandGenerator(seed);
      let lastUs = 0n;
      let refused = 0;
      let days = new Set<bigint>();
      for (let i = 0; i < 6_000; i += 1) {
        const { command, nowUs } = generator.next();
        lastUs = nowUs;
        days.add(nowUs / 86_400_000_000n);
        if (command.kind === 'ExpireOrders' || command.kind === 'SetTradingStatus') live.path.runAdmin(command, nowUs);
        else if (live.path.submit(command as OrderCommand, nowUs).some((e) => e.event.kind === 'OrderRejected' && e.event.code >= 2000 && e.event.code < 3000)) refused += 1;
      }
      expect(days.size, 'the flow spans trading days').to.be.greaterThan(2);
      expect(refused, 'risk refused part of it').to.be.greaterThan(50);
      const replayed = orderPath();
      for (const { command, nowUs } of journaled) replayed.path.replay(command, nowUs);
      // Both at the flow's last moment: a restart's first check or usage scan starts the day there too.
      live.risk.scanUsage(lastUs);
      replayed.risk.scanUsage(lastUs);
      const levels = [...['A1', 'A2', 'A3', 'A4'].map((id) => ['account', id] as const), ...['F1', 'F2'].map((id) => ['firm', id] as const), ...['S1', 'S2', 'S3'].map((id) => ['session', id] as const)];
      const view = (risk: PreTradeRisk): unknown => levels.map(([scope, id]) => [scope, id, risk.exposure(scope, id)]);
      expect(view(replayed.risk)).to.deep.equal(view(live.risk));
      days = new Set();
    });
  }
});
