/**
 * `npm run bench:codec`: fixspec against jspurefix on the same messages in the same run. Prints one JSON object:
 * messages/s and ns per message (p50/p99 over batches of BATCH messages) for decode+validate of a FIX 4.4
 * NewOrderSingle with a 3-entry Parties group, encode of a fill ExecutionReport, and a full round trip.
 * Every NewOrderSingle here has the same layout, so after the first the validator checks values only (its layout
 * memo); decodeValidateFullWalk is the same with the memo off, the cost of a message whose layout is new.
 * `ratio` divides the separate runs' throughputs; `ratioInterleaved` times the two codecs batch by batch in turn
 * (median, p10, p90 of jspurefix's time over ours): steadier on a machine whose speed moves, and if anything
 * against fixspec, whose batches may pay for collecting jspurefix's garbage.
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { dictionaryFor, FixEncoder, FixFramer, FixMessageView, messageValidator, STRICT_VALIDATION, validateMessage, type FieldValue, type FrameEvent } from '../../fixspec';

const BATCH = 1_000;
const BATCHES = Number(process.argv[2] ?? 1_000);
const T0 = BigInt(Date.UTC(2026, 10, 25, 10, 0, 0)) * 1000n;

const NOS_BODY: readonly FieldValue[] = [
  [11, 'ORD-000123'], [1, 'ACC-1'], [453, 3], [448, 'TRADER7'], [447, 'D'], [452, 12], [448, 'CLIENT-LEI-0001'], [447, 'D'], [452, 3], [448, 'ALGO-9'], [447, 'D'], [452, 36],
  [55, 'ACME'], [48, 'US0000000001'], [22, '4'], [54, '1'], [60, '20261125-10:00:00.123'], [38, '1500'], [40, '2'], [44, '100.25'], [59, '0'], [528, 'A'],
];
const ER_BODY: readonly FieldValue[] = [
  [37, 'GW-4711'], [11, 'ORD-000123'], [17, 'EX-9001'], [150, 'F'], [39, '1'], [1, 'ACC-1'], [55, 'ACME'], [48, 'US0000000001'], [22, '4'], [54, '1'],
  [38, '1500'], [40, '2'], [44, '100.25'], [32, '500'], [31, '100.25'], [151, '1000'], [14, '500'], [6, '100.25'], [60, '20261125-10:00:00.124'], [880, 'T-77'], [851, '2'],
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Figures {
  readonly messagesPerSecond: number;
  readonly nsPerMessageP50: number;
  readonly nsPerMessageP99: number;
}

/** Runs `step` BATCH times per batch, BATCHES batches after a warm-up; per-message figures from batch times. */
function measure(step: (i: number) => void): Figures {
  for (let i = 0; i < BATCH * 50; i += 1) step(i);
  const perMessage: number[] = [];
  const started = process.hrtime.bigint();
  let i = 0;
  for (let b = 0; b < BATCHES; b += 1) {
    const t = process.hrtime.bigint();
    for (let k = 0; k < BATCH; k += 1) step(i++);
    perMessage.push(Number(process.hrtime.bigint() - t) / BATCH);
  }
  const total = Number(process.hrtime.bigint() - started);
  perMessage.sort((a, b) => a - b);
  return { messagesPerSecond: Math.round((BATCH * BATCHES * 1e9) / total), nsPerMessageP50: Math.round(percentile(perMessage, 50)), nsPerMessageP99: Math.round(percentile(perMessage, 99)) };
}

const PAIRS = 300;

/**
 * The speed ratio of two steps measured in turn, batch for batch (one of `theirs`, then one of `ours`), so that
 * both see the same machine state: on a shared machine the separate runs' ratio moved from 4.3x to 7.7x between
 * runs of the same code. Reports the median, p10 and p90 over PAIRS pairs of theirs/ours time per message. A
 * collection of the garbage jspurefix makes may fall in one of our batches, so this leans against fixspec.
 */
function interleavedRatio(ours: (i: number) => void, theirs: (i: number) => void): { readonly median: number; readonly p10: number; readonly p90: number } {
  const ratios: number[] = [];
  let i = 0;
  const batchNs = (step: (i: number) => void): number => {
    const t = process.hrtime.bigint();
    for (let k = 0; k < BATCH; k += 1) step(i++);
    return Number(process.hrtime.bigint() - t);
  };
  for (let p = 0; p < PAIRS; p += 1) {
    const theirNs = batchNs(theirs);
    ratios.push(theirNs / batchNs(ours));
  }
  ratios.sort((a, b) => a - b);
  const at = (q: number): number => +percentile(ratios, q).toFixed(2);
  return { median: at(50), p10: at(10), p90: at(90) };
}

const clientEncoder = new FixEncoder('FIX.4.4', 'CLIENT', 'GW');
const nosBytes = Buffer.from(clientEncoder.encode('D', 7, T0, NOS_BODY));
const gwEncoder = new FixEncoder('FIX.4.4', 'GW', 'CLIENT');
/**
 * The NewOrderSingle as socket reads deliver it: each read a Buffer over an ArrayBuffer of its own (a net.Socket
 * 'data' chunk), so that per-read costs (a view over a new buffer) are counted as they are on a connection.
 */
const READS = Array.from({ length: 256 }, () => Buffer.from(new Uint8Array(nosBytes).buffer));
const dictionary = dictionaryFor('FIX.4.4');
const framer = new FixFramer();
const view = new FixMessageView();
let checksumSink = 0;

// Each frame handler is made once, as a connection's decoder holds one (gateway/fix/codec/fixspec-codec.ts).
const onNewOrderSingle = (e: FrameEvent): void => {
  if (e.kind !== 'message' || view.parse(e.buffer, e.start, e.end) !== null) throw new Error('bench message did not decode');
  if (validateMessage(view, dictionary) !== null) throw new Error(`bench message did not validate: ${JSON.stringify(validateMessage(view, dictionary))}`);
  checksumSink += view.fieldCount;
};
const decodeValidateStep = (i: number): void => framer.push(READS[i & 255] ?? nosBytes, onNewOrderSingle);
const decodeValidate = measure(decodeValidateStep);
const fullWalk = messageValidator(dictionary, STRICT_VALIDATION, false);
const onNewOrderSingleFullWalk = (e: FrameEvent): void => {
  if (e.kind !== 'message' || view.parse(e.buffer, e.start, e.end) !== null || fullWalk.validate(view) !== null) throw new Error('bench message did not validate');
  checksumSink += view.fieldCount;
};
const decodeValidateFullWalk = measure((i) => framer.push(READS[i & 255] ?? nosBytes, onNewOrderSingleFullWalk));
const encodeStep = (i: number): void => {
  checksumSink += gwEncoder.encode('8', i + 1, T0, ER_BODY).length;
};
const encode = measure(encodeStep);
const onRoundTrip = (e: FrameEvent): void => {
  if (e.kind !== 'message' || view.parse(e.buffer, e.start, e.end) !== null || validateMessage(view, dictionary) !== null) throw new Error('round trip failed');
  checksumSink += view.fieldCount;
};
const roundTrip = measure((i) => framer.push(clientEncoder.encode('D', i + 1, T0, NOS_BODY), onRoundTrip));

async function jspurefix(): Promise<{ readonly parseView?: Figures; readonly encodeBodyOnly?: Figures; readonly interleaved?: Record<string, unknown>; readonly error?: string }> {
  try {
    const require = createRequire(import.meta.url);
    const jsp = require('jspurefix');
    const { makeSessionScope } = require('jspurefix/dist/runtime/session-scope');
    const { AsciiEncoder } = require('jspurefix/dist/buffer/ascii/ascii-encoder');
    const sys = new jsp.SessionContainer();
    sys.registerGlobal('error');
    const description = { ...require('jspurefix/data/session/test-acceptor.json') };
    description.application = { ...description.application, dictionary: 'qf44' };
    const container = await sys.makeSystem(description);
    const config = container.resolve(jsp.DITokens.IJsFixConfig);
    config.definitions = await new jsp.DefinitionFactory().getDefinitions('qf44');
    const scoped = makeSessionScope(config);
    const parser = new jsp.AsciiParser(scoped, null, scoped.sessionContainer.resolve(jsp.DITokens.ParseBuffer), scoped.sessionContainer.resolve(jsp.DITokens.maxMessageLen));
    let parsed = 0;
    parser.on('msg', () => {
      parsed += 1;
    });
    const parse = measure(() => parser.parseBuffer(nosBytes));
    if (parsed === 0) return { error: 'jspurefix parsed nothing' };
    const encoder = new AsciiEncoder(new jsp.ElasticBuffer(4096), config.definitions);
    const er = config.definitions.message.get('ExecutionReport');
    const object = {
      OrderID: 'GW-4711', ClOrdID: 'ORD-000123', ExecID: 'EX-9001', ExecType: 'F', OrdStatus: '1', Account: 'ACC-1', Instrument: { Symbol: 'ACME', SecurityID: 'US0000000001', SecurityIDSource: '4' },
      Side: '1', OrderQtyData: { OrderQty: 1500 }, OrdType: '2', Price: 100.25, LastQty: 500, LastPx: 100.25, LeavesQty: 1000, CumQty: 500, AvgPx: 100.25, TransactTime: new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 124)), TrdMatchID: 'T-77', LastLiquidityInd: 2,
    };
    const encodeBodyStep = (): void => {
      encoder.reset();
      encoder.encodeSet(object, er);
      checksumSink += encoder.trim().length;
    };
    const encodeBody = measure(encodeBodyStep);
    return {
      parseView: parse,
      encodeBodyOnly: encodeBody,
      interleaved: {
        decodeValidateVsJspurefixParse: interleavedRatio(decodeValidateStep, () => parser.parseBuffer(nosBytes)),
        encodeVsJspurefixBodyOnlyEncode: interleavedRatio(encodeStep, encodeBodyStep),
      },
    };
  } catch (e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

const theirs = await jspurefix();
const ratio = (ours: Figures, other: Figures | undefined): number | null => (other === undefined ? null : +(ours.messagesPerSecond / other.messagesPerSecond).toFixed(2));
process.stdout.write(
  `${JSON.stringify(
    {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      batch: BATCH,
      batches: BATCHES,
      fixspec: { decodeValidateNewOrderSingle: decodeValidate, decodeValidateFullWalk, encodeExecutionReport: encode, roundTrip },
      jspurefix: { parseView: theirs.parseView, encodeBodyOnly: theirs.encodeBodyOnly, error: theirs.error },
      ratioInterleaved: theirs.interleaved ?? null,
      ratio: {
        decodeValidateVsJspurefixParse: ratio(decodeValidate, theirs.parseView),
        decodeValidateFullWalkVsJspurefixParse: ratio(decodeValidateFullWalk, theirs.parseView),
        encodeVsJspurefixBodyOnlyEncode: ratio(encode, theirs.encodeBodyOnly),
      },
      notes: 'fixspec decode includes framing, parsing and full dictionary validation; jspurefix parse is its AsciiParser to a MsgView (no validation). jspurefix encode is AsciiEncoder.encodeSet of the body only (no header, BodyLength, CheckSum), so its true full-message cost is higher than shown.',
      sink: checksumSink % 7,
    },
    null,
    2,
  )}\n`,
);
