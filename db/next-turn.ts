/**
 * Group commit's trigger: `request()` runs `flush` once on the next turn of the event loop, however many times it
 * is asked in this one (the rest of the current burst joins the batch), and not while a flush is `busy()` (the
 * flush takes what arrived meanwhile when it is done).
 */
export class NextTurn {
  private scheduled = false;

  constructor(
    private readonly busy: () => boolean,
    private readonly flush: () => Promise<void>,
  ) {}

  request(): void {
    if (this.scheduled || this.busy()) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }
}
