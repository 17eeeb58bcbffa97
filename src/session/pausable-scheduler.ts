/**
 * A wall-clock RxJS scheduler that can be paused: while paused its clock stands still and nothing runs;
 * on resume the clock goes on from where it stood, so a replay on it (replay$ measures due times on the
 * scheduler's clock) continues at its pace as if the pause had not happened. The GUI's replay control.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

export class PausableScheduler implements SchedulerLike {
  private offset = 0;
  private pausedAt: number | null = null;
  private readonly waiting = new Set<PausableAction<unknown>>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Play time in ms: wall time minus the time spent paused. */
  now(): number {
    return (this.pausedAt ?? this.clock()) - this.offset;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  pause(): void {
    if (this.pausedAt !== null) return;
    this.pausedAt = this.clock();
    for (const a of this.waiting) a.disarm();
  }

  resume(): void {
    if (this.pausedAt === null) return;
    this.offset += this.clock() - this.pausedAt;
    this.pausedAt = null;
    for (const a of [...this.waiting]) a.arm();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new PausableAction<T>(this, work).schedule(state, delay);
  }

  /** @internal */
  track(a: PausableAction<unknown>, on: boolean): void {
    if (on) this.waiting.add(a);
    else this.waiting.delete(a);
  }
}

class PausableAction<T> extends Subscription implements SchedulerAction<T> {
  private due = 0;
  private state: T | undefined;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private rescheduled = false;

  constructor(
    private readonly scheduler: PausableScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super(() => {
      this.disarm();
      this.scheduler.track(this as PausableAction<unknown>, false);
    });
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.rescheduled = true;
    this.state = state;
    this.due = this.scheduler.now() + delay;
    this.scheduler.track(this as PausableAction<unknown>, true);
    if (!this.scheduler.paused) this.arm();
    return this;
  }

  /** Sets the timer for the time left on the play clock. */
  arm(): void {
    this.disarm();
    if (this.closed) return;
    this.timer = setTimeout(() => this.run(), Math.max(0, this.due - this.scheduler.now()));
  }

  disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.timer = null;
    if (this.closed || this.scheduler.paused) return;
    this.scheduler.track(this as PausableAction<unknown>, false);
    this.rescheduled = false;
    this.work.call(this, this.state);
    // Not rescheduled by the work: done.
    if (!this.rescheduled && !this.closed) this.unsubscribe();
  }
}
