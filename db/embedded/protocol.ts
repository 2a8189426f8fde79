/** Messages between the gateway and the PGlite worker thread. */
export interface WorkerStart {
  /** Folder for the database files; null keeps the database in memory (tests). */
  readonly dataDir: string | null;
  readonly maxConnections: number;
}
export type WorkerRequest = { readonly kind: 'stop' };
export type WorkerReply =
  | { readonly kind: 'ready'; readonly host: string; readonly port: number }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'stopped' };
