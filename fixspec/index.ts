// Public surface of fixspec: FIX dictionaries, framing, decoding, validation and encoding.
export { Tag, MsgType, Values, Values42 } from './generated/constants';
export { FixDictionary, FieldKind, type FieldSet, type GroupDef, type MessageDef } from './dictionary';
export type { DictionaryData, Entry } from './dictionary-data';
export { dictionaryFor, loadCustomDictionary } from './dictionaries';
export { FixFramer, DEFAULT_MAX_MESSAGE_BYTES, checksum, type FrameEvent, type GarbledReason } from './framer';
export { FixMessageView, type GroupLayout, type ParseFailure } from './message-view';
export { validateMessage, messageValidator, type MessageValidator, SessionRejectReason, STRICT_VALIDATION, type ValidationFailure, type ValidationOptions } from './validate';
export { FixEncoder, type FieldValue, type HeaderOptions } from './encoder';
export { readInt, readScaledDecimal, readUtcTimestampUs, readDate, readTimeOfDayUs, writeUtcTimestamp, formatUtcTimestamp, type ScaledDecimal } from './values';
export { FixspecError, type FixspecErrorCode } from './errors';
