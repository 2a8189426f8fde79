/**
 * The session layer's codec ports (SessionCodec, ConnectionDecoder) on the fixspec codec: framing, a view over the
 * received bytes, dictionary validation with the session's switches, and encoding into a reused buffer.
 */
import {
  dictionaryFor,
  FixEncoder,
  FixFramer,
  FixMessageView,
  loadCustomDictionary,
  messageValidator,
  STRICT_VALIDATION,
  Tag,
  type FixDictionary,
  type FrameEvent,
  type MessageValidator,
  type ValidationOptions,
} from '../../../fixspec';
import type { ConnectionDecoder, FrameResult } from '../acceptor';
import type { EncodeOptions, FieldValue, InboundMessage, SessionCodec, SessionReject } from '../session/session-ports';

/** A received message through a fixspec view; the header fields are read when asked for. */
export class ViewMessage implements InboundMessage {
  constructor(readonly view: FixMessageView) {}

  get msgType(): string {
    return this.view.getString(Tag.MsgType) ?? '';
  }
  get beginString(): string {
    return this.view.getString(Tag.BeginString) ?? '';
  }
  get seq(): number | undefined {
    return this.view.getInt(Tag.MsgSeqNum);
  }
  get senderCompId(): string | undefined {
    return this.view.getString(Tag.SenderCompID);
  }
  get targetCompId(): string | undefined {
    return this.view.getString(Tag.TargetCompID);
  }
  get sendingTimeUs(): bigint | undefined {
    return this.view.getTimestampUs(Tag.SendingTime);
  }
  get possDup(): boolean {
    return this.view.getBoolean(Tag.PossDupFlag) === true;
  }
  get origSendingTimeUs(): bigint | undefined {
    return this.view.getTimestampUs(Tag.OrigSendingTime);
  }
  getString(tag: number): string | undefined {
    return this.view.getString(tag);
  }
  getInt(tag: number): number | undefined {
    return this.view.getInt(tag);
  }
  copyBytes(): Uint8Array {
    return this.view.copyBytes();
  }
}

/** Parses one whole message kept as bytes; null when it is not tag=value. */
export function decodeMessage(bytes: Uint8Array): InboundMessage | null {
  const view = new FixMessageView();
  return view.parse(bytes) === null ? new ViewMessage(view) : null;
}

/** One per connection: framing plus one reused view. */
export class FixspecDecoder implements ConnectionDecoder {
  private readonly framer: FixFramer;
  private readonly view = new FixMessageView();
  private readonly message = new ViewMessage(this.view);

  constructor(maxMessageBytes: number) {
    this.framer = new FixFramer(maxMessageBytes);
  }

  /** The one 'message' result, handed over for every message (its view is refilled): nothing allocated per message. */
  private readonly messageResult: FrameResult = { kind: 'message', message: this.message };
  private onResult: (result: FrameResult) => void = () => undefined;

  push(chunk: Uint8Array, onResult: (result: FrameResult) => void): void {
    this.onResult = onResult;
    this.framer.push(chunk, this.onFrame);
  }

  private readonly onFrame = (event: FrameEvent): void => {
    if (event.kind === 'garbled') {
      this.onResult({ kind: 'garbled', reason: event.reason });
      return;
    }
    const failure = this.view.parse(event.buffer, event.start, event.end);
    if (failure !== null) this.onResult({ kind: 'garbled', reason: `${failure.reason} at byte ${failure.at}` });
    else this.onResult(this.messageResult);
  };
}

export interface FixspecCodecOptions {
  readonly beginString: string;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly timestampPrecision: 'ms' | 'us';
  /** A QuickFIX XML file of user-defined fields added to the standard dictionary. */
  readonly dictionaryFile?: string | undefined;
  readonly allowUserDefinedFields: boolean;
}

export class FixspecSessionCodec implements SessionCodec {
  readonly dictionary: FixDictionary;
  private readonly encoder: FixEncoder;
  /** This session's own validator: it remembers the layouts of what this client sends. */
  private readonly validator: MessageValidator;

  constructor(options: FixspecCodecOptions) {
    this.dictionary = options.dictionaryFile === undefined ? dictionaryFor(options.beginString) : loadCustomDictionary(options.dictionaryFile, options.beginString);
    this.encoder = new FixEncoder(options.beginString, options.senderCompId, options.targetCompId, options.timestampPrecision);
    const validation: ValidationOptions = {
      ...STRICT_VALIDATION,
      allowUserDefinedFields: options.allowUserDefinedFields,
      allowFieldsNotInMessage: options.dictionaryFile !== undefined || options.allowUserDefinedFields,
    };
    this.validator = messageValidator(this.dictionary, validation);
  }

  encode(msgType: string, seq: number, sendingTimeUs: bigint, body: readonly FieldValue[], options: EncodeOptions = {}): Uint8Array {
    return this.encoder.encode(msgType, seq, sendingTimeUs, body, options);
  }

  reencodeForResend(stored: Uint8Array, sendingTimeUs: bigint): Uint8Array {
    return this.encoder.reencodeForResend(stored, sendingTimeUs);
  }

  validate(message: InboundMessage): SessionReject | null {
    const view = message instanceof ViewMessage ? message.view : null;
    if (view === null) return null;
    const failure = this.validator.validate(view);
    return failure === null ? null : { sessionRejectReason: failure.sessionRejectReason, refTagId: failure.refTagId, text: failure.text };
  }

  decode(bytes: Uint8Array): InboundMessage | null {
    return decodeMessage(bytes);
  }

  isKnownMsgType(msgType: string): boolean {
    return this.dictionary.isKnownMsgType(msgType);
  }
}
