import { SelfTradePrevention, SelfTradeScope } from '../../../engine/model';
import type { Scenario, Step } from './scenario-harness';
import { buy, runScenario, sell } from './scenario-harness';

/** Two asks: r1 of account A1 (firm F1) at 10000, then o1 of another firm at 10001. */
const SETUP: readonly Step[] = [
  { command: sell('r1', 5, 10000), expect: ['accepted r1'] },
  { command: sell('o1', 5, 10001, { account: 'A3', firm: 'F2' }), expect: ['accepted o1'], book: 'bids | asks 10000x5 10001x5' },
];

const stp = (mode: SelfTradePrevention, scope = SelfTradeScope.Account) => ({ selfTradePrevention: mode, selfTradeScope: scope });

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'cancel resting: the own resting order is cancelled, the aggressor trades on',
    steps: [
      ...SETUP,
      {
        command: buy('a', 8, 10001, stp(SelfTradePrevention.CancelResting)),
        expect: ['accepted a', 'cancelled r1 SELF_TRADE_PREVENTION', 'trade 5@10001 o1/a'],
        book: 'bids 10001x3 | asks',
      },
    ],
  },
  {
    name: 'cancel aggressor: the incoming order is cancelled, the book is untouched',
    steps: [
      ...SETUP,
      { command: buy('a', 8, 10001, stp(SelfTradePrevention.CancelAggressor)), expect: ['accepted a', 'cancelled a SELF_TRADE_PREVENTION'], book: 'bids | asks 10000x5 10001x5' },
    ],
  },
  {
    name: 'cancel both',
    steps: [
      ...SETUP,
      {
        command: buy('a', 8, 10001, stp(SelfTradePrevention.CancelBoth)),
        expect: ['accepted a', 'cancelled r1 SELF_TRADE_PREVENTION', 'cancelled a SELF_TRADE_PREVENTION'],
        book: 'bids | asks 10001x5',
      },
    ],
  },
  {
    name: 'decrement, aggressor larger: the resting order is cancelled, the aggressor reduced by its size, then trades on',
    steps: [
      ...SETUP,
      {
        command: buy('a', 8, 10001, stp(SelfTradePrevention.Decrement)),
        expect: ['accepted a', 'cancelled r1 SELF_TRADE_PREVENTION', 'restated a -5', 'trade 3@10001 o1/a'],
        book: 'bids | asks 10001x2',
      },
    ],
  },
  {
    name: 'decrement, resting larger: the resting order is reduced, the aggressor cancelled, no trade',
    steps: [
      ...SETUP,
      {
        command: buy('a', 3, 10000, stp(SelfTradePrevention.Decrement)),
        expect: ['accepted a', 'restated r1 -3', 'cancelled a SELF_TRADE_PREVENTION'],
        book: 'bids | asks 10000x2 10001x5',
      },
    ],
  },
  {
    name: 'by firm: another account of the same firm counts as self; by account it does not',
    steps: [
      ...SETUP,
      { command: buy('a', 2, 10000, { account: 'A2', ...stp(SelfTradePrevention.CancelAggressor, SelfTradeScope.Firm) }), expect: ['accepted a', 'cancelled a SELF_TRADE_PREVENTION'] },
      { command: buy('b', 2, 10000, { account: 'A2', ...stp(SelfTradePrevention.CancelAggressor, SelfTradeScope.Account) }), expect: ['accepted b', 'trade 2@10000 r1/b'] },
    ],
  },
  {
    name: 'no prevention: an account may trade with itself',
    steps: [...SETUP, { command: buy('a', 2, 10000), expect: ['accepted a', 'trade 2@10000 r1/a'], book: 'bids | asks 10000x3 10001x5' }],
  },
];

describe('engine: self-trade prevention (scenario tables)', () => {
  for (const scenario of SCENARIOS) it(scenario.name, () => void runScenario(scenario));

  it('the sell side is symmetric (cancel resting against an own bid)', () => {
    runScenario({
      name: 'sell aggressor',
      steps: [
        { command: buy('r1', 5, 10000), expect: ['accepted r1'] },
        {
          command: sell('a', 5, 10000, stp(SelfTradePrevention.CancelResting)),
          expect: ['accepted a', 'cancelled r1 SELF_TRADE_PREVENTION'],
          book: 'bids | asks 10000x5',
        },
      ],
    });
  });
});
