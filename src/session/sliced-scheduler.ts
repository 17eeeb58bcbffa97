/**
 * Virtual time for an instant replay that must not hold the event loop (the GUI server): the same actions in
 * the same order as VirtualTimeScheduler.flush, but run in slices of a few milliseconds with a macrotask
 * between them, so sockets, user actions and a stop request are served while a long log replays. What the
 * replay produces is unchanged (only when the rest of the process gets a turn differs).
 */
import { VirtualTimeScheduler } from 'rxjs';

export class SlicedVirtualScheduler extends VirtualTimeScheduler {
  constructor(private readonly sliceMs = 8) {
    super();
  }

  /** Runs every scheduled action in time order, yielding to the event loop every `sliceMs`. */
  async flushSliced(): Promise<void> {
    const { actions, maxFrames } = this;
    for (;;) {
      const t0 = performance.now();
      let action: (typeof actions)[number] | undefined = actions[0];
      // At least one action a slice, however short the slice.
      while (action && action.delay <= maxFrames) {
        actions.shift();
        if (action.closed) {
          // Cancelled between slices (the replay was stopped): nothing to run.
          action = actions[0];
          continue;
        }
        this.frame = action.delay;
        const error = action.execute(action.state, action.delay);
        if (error) {
          for (let a = actions.shift(); a; a = actions.shift()) a.unsubscribe();
          throw error;
        }
        action = actions[0];
        if (performance.now() - t0 >= this.sliceMs) break;
      }
      if (!action || action.delay > maxFrames) return;
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}
