/**
 * The byte strings of many rows as one bytea parameter, cut apart in SQL. node-postgres sends a Buffer parameter in
 * binary, but a bytea[] parameter as a text array literal with every element hex-encoded: twice the bytes, hex to
 * write here and to parse on the server. Packed, a batch's bodies travel as they are: one Buffer holding them all
 * and, per row, where its bytes start (1-based, as SQL counts) and how many there are (-1 for NULL).
 * Measured on this machine, 300 rows of 1 KB and a 32-byte hash each, insert and commit: 8-10 ms with bytea[]
 * parameters (3.3-3.9 ms of it this process's CPU), 3.6 ms packed (0.6 ms).
 */
export interface PackedBytes {
  readonly blob: Buffer;
  readonly starts: number[];
  readonly lengths: number[];
}

/** Packs the values of one or more bytea columns into one blob (a column's starts and lengths come out in order). */
export class BytesPacker {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  /** Adds one column's values; returns where each starts and how long it is, for the SQL side. */
  column(values: readonly (Uint8Array | null | undefined)[]): Omit<PackedBytes, 'blob'> {
    const starts = new Array<number>(values.length);
    const lengths = new Array<number>(values.length);
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i];
      if (value === null || value === undefined) {
        starts[i] = 0;
        lengths[i] = -1;
        continue;
      }
      starts[i] = this.size + 1;
      lengths[i] = value.byteLength;
      this.parts.push(value);
      this.size += value.byteLength;
    }
    return { starts, lengths };
  }

  /** Every value added so far, in one Buffer. */
  blob(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}

/** Packs one column's values. */
export function packBytes(values: readonly (Uint8Array | null | undefined)[]): PackedBytes {
  const packer = new BytesPacker();
  const { starts, lengths } = packer.column(values);
  return { blob: packer.blob(), starts, lengths };
}

/** The SQL of one packed value: NULL for length -1, else the bytes of `blob` from `start` for `length`. */
export function unpackedSql(blob: string, start: string, length: string): string {
  return `CASE WHEN ${length} < 0 THEN NULL ELSE substring(${blob} FROM ${start} FOR ${length}) END`;
}
