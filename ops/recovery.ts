import { commandRecords, type Database, type EventFingerprint, fingerprintOrderId as orderIdOf, fingerprintsOf, type ReplayPlan } from '../db';
import type { MatchingEngine } from '../engine';
import type { EngineCommand, EngineEvent } from '../engine/model';
import type { OrderPath } from '../gateway';
import { OpsError } from './errors';

export interface RecoveryReport {
  /** Journaled commands run again. */
  readonly commands: number;
  /** Their events (what risk was fed). */
  readonly events: number;
  /** Orders live in the books afterwards (resting, or stops waiting for their trigger). */
  readonly liveOrders: number;
  /** Orders in the journal from before command records existed: their book state is not rebuilt. */
  readonly ordersNotReplayable: number;
  readonly elapsedMs: number;
}

/**
 * Rebuilds the books, order states and numbering from the journal (design.md, Recovery): every command the engine
 * ran is run again, in journal order and at its original time, on a fresh engine; the engine is deterministic, so
 * it gives the same events, which is checked against each command's record (kinds and order ids). Risk is fed the
 * events on the way, so open orders and positions are rebuilt too. A command that gives other events stops the
 * start (GW_ERR_OPS_RECOVERY_DIVERGED): trading on a book that differs from what clients were told is worse than
 * not starting. Call before any session or client is accepted.
 */
export async function recoverFromJournal(
  db: Database,
  chainId: number,
  /** From replayPlan: a journal with orders from before command records is not replayed. */
  plan: ReplayPlan,
  orderPath: OrderPath,
  engine: MatchingEngine,
  /**
   * Told of each command run again (e.g. FIX order entry remembers the ClOrdIDs used), with the seq its first event
   * had (undefined for records written before it was kept).
   */
  onCommand: (command: EngineCommand, atUs: bigint, events: readonly EngineEvent[], firstEventSeq: number | undefined) => void = () => undefined,
): Promise<RecoveryReport> {
  const started = performance.now();
  let commands = 0;
  let events = 0;
  if (plan.ordersBeforeFirstCommand === 0) {
    for await (const { seq, record } of commandRecords(db, chainId)) {
      const replayed = orderPath.replay(record.command, record.nowUs, record.firstEventSeq);
      if (!sameFingerprints(replayed, record.events)) {
        const got = fingerprintsOf(replayed);
        throw new OpsError(
          'GW_ERR_OPS_RECOVERY_DIVERGED',
          `recovery: the command at journal seq ${seq} (${record.command.kind}) gave ${JSON.stringify(got)} on replay but ${JSON.stringify(record.events)} when it ran; ` +
            'was an instrument added or changed since? The gateway does not start on a book it cannot vouch for',
        );
      }
      onCommand(record.command, record.nowUs, replayed, record.firstEventSeq);
      commands += 1;
      events += replayed.length;
    }
  }
  return { commands, events, liveOrders: engine.liveOrderCount, ordersNotReplayable: plan.ordersBeforeFirstCommand, elapsedMs: Math.round(performance.now() - started) };
}

/**
 * Whether a replay gave the events its record lists (kind and order id of each, in order), read off the events
 * themselves: the fingerprints are made only to say what differed.
 */
function sameFingerprints(got: readonly EngineEvent[], recorded: readonly EventFingerprint[]): boolean {
  if (got.length !== recorded.length) return false;
  for (let i = 0; i < got.length; i += 1) {
    const event = got[i];
    const fingerprint = recorded[i];
    if (event === undefined || fingerprint === undefined || event.kind !== fingerprint[0] || orderIdOf(event) !== fingerprint[1]) return false;
  }
  return true;
}
