import { formatUtcTimestamp } from '../../../fixspec';
import type { OrderPath, SequencedEvent } from '../../order-path';
import type { SessionHandle } from '../session/session-ports';
import { dropCopyReports } from './outbound';
import { stopsTriggeredOnEntry } from './working-indicator';

/**
 * Drop-copy sessions: every ExecutionReport and OrderCancelReject of the orders in the session's scope (its firm
 * and/or account binding; all orders when it has neither), from any way in, in journal order, after the journal
 * commit (the order path releases events to subscribers only then), with CopyMsgIndicator(797)=Y. The copies are
 * stored like any application message, also while the session is logged out (FixSession.sendApplication), so a
 * drop-copy client that was offline gets them by ResendRequest at its next Logon.
 */
/**
 * A drop-copy session's feed: `redeliver` copies again events it missed at a crash (see FixOrderEntry.redeliver) and
 * returns how many of them were in its scope.
 */
export interface DropCopyFeed {
  redeliver(events: readonly SequencedEvent[]): number;
}

export function attachDropCopy(orderPath: OrderPath, session: SessionHandle): DropCopyFeed {
  const scope = { firm: session.config.firm, account: session.config.account };
  const context = {
    beginString: session.config.beginString,
    instrument: (symbol: string) => orderPath.instrument(symbol),
    formatTime: (us: bigint) => formatUtcTimestamp(us, session.config.timestampPrecision),
    doneForDay: session.config.dayOrderEnd === 'done-for-day',
  };
  /** Copies the events in the session's scope; returns how many were. */
  const copy = (events: readonly SequencedEvent[]): number => {
    let copied = 0;
    const batch = { ...context, triggeredOnEntry: stopsTriggeredOnEntry(events) };
    for (const { seq, event } of events) {
      const reports = dropCopyReports(orderPath.finished.explain(event, seq), `E${seq}`, scope, batch);
      if (reports.length > 0) copied += 1;
      for (const report of reports) session.sendApplication(report.msgType, report.body, seq);
    }
    return copied;
  };
  const feed = {
    deliver(events: readonly SequencedEvent[]) {
      copy(events);
    },
    redeliver: copy,
  };
  orderPath.subscribe(feed);
  return feed;
}
