import { MatchingEngine } from '../../../engine';
import { type EngineCommand, OrderType, type PriceTicks, type QtyLots, Side, TimeInForce, TradingStatus } from '../../../engine/model';
import { auditRecordsOf, commandRecordOf, JournalWriter, PostgresJournalStore, type Database } from '../../../db';
import { TEST_INSTRUMENTS } from '../../unit/engine/command-generator';

export const ACCOUNTS = ['A1', 'A2', 'A3'] as const;
const T0 = BigInt(Date.UTC(2026, 10, 25, 10, 0, 0)) * 1000n;

/** The k-th command of a fixed stream: resting sells and crossing buys of three accounts, with a halt and a resume now and then. */
function commandAt(k: number): EngineCommand {
  if (k % 17 === 16) return { kind: 'SetTradingStatus', symbol: 'ACME', status: Math.floor(k / 17) % 2 === 0 ? TradingStatus.Halted : TradingStatus.Open };
  const account = ACCOUNTS[k % ACCOUNTS.length] ?? 'A1';
  const sell = k % 2 === 0;
  return {
    kind: 'PlaceOrder',
    sessionId: `S-${account}`,
    clientOrderId: `C${k}`,
    account,
    firm: 'F1',
    symbol: 'ACME',
    side: sell ? Side.Sell : Side.Buy,
    type: OrderType.Limit,
    timeInForce: TimeInForce.Day,
    qtyLots: (sell ? 5 : 3) as QtyLots,
    priceTicks: 100 as PriceTicks,
  };
}

/**
 * Writes commands into the journal as the order path does (a CMD record, then its events' records), through the
 * real JournalWriter, so the relay reads rows of every kind: CMD, NEWO, PARF/FILL per side, TRADING_STATUS.
 */
export class JournalFeeder {
  private readonly engine = new MatchingEngine(TEST_INSTRUMENTS);
  private nextCommand = 0;
  private gatewaySeq = 1;

  private constructor(readonly writer: JournalWriter) {}

  static async open(db: Database): Promise<JournalFeeder> {
    return new JournalFeeder(await JournalWriter.open(new PostgresJournalStore(db), 1));
  }

  /** Journals `count` more commands and resolves once they are committed. */
  async run(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const k = this.nextCommand;
      this.nextCommand += 1;
      const command = commandAt(k);
      const nowUs = T0 + BigInt(k) * 1000n;
      const events = this.engine.execute(command, nowUs).map((event) => ({ seq: this.gatewaySeq++, event }));
      const source = 'sessionId' in command ? `fix:${command.sessionId}` : 'engine';
      this.writer.append([commandRecordOf(command, nowUs, events, source), ...auditRecordsOf(command, events, source)], () => undefined);
    }
    await this.writer.drained();
  }
}
