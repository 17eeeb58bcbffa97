/**
 * What QueueEvents cannot tell: a completion emitted while this process was disconnected, or jobs that a
 * restarted Redis without persistence no longer has. Asks Redis for the state of each outstanding job (the
 * oldest first, a bounded number per pass) and settles or resubmits it. Resubmitting is safe because
 * workers are idempotent and results are stored once.
 */
import type { DistributedExecutor, Pending } from './executor.ts';

const PER_PASS = 1000;

/** Returns how many jobs it settled or resubmitted. */
export async function reconcile(ex: DistributedExecutor, olderThanMs: number): Promise<number> {
  const now = Date.now();
  const old = [...ex.inFlight.values()].filter((p) => p.submittedAt > 0 && now - p.submittedAt >= olderThanMs).slice(0, PER_PASS);
  if (old.length === 0) return 0;
  const states = await Promise.all(old.map((p) => ex.queue.getJobState(p.jobId)));
  const lost: Pending[] = [];
  let settled = 0;
  for (let i = 0; i < old.length; i++) {
    const p = old[i];
    const state = states[i];
    if (state === 'completed') {
      const job = await ex.queue.getJob(p.jobId);
      if (job) {
        await ex.onCompleted(p.jobId, job.returnvalue);
        settled++;
      } else lost.push(p);
    } else if (state === 'failed') {
      const job = await ex.queue.getJob(p.jobId);
      await ex.fail(p, job?.failedReason ?? 'failed');
      settled++;
    } else if (state === 'unknown') lost.push(p);
  }
  if (lost.length > 0) {
    ex.stats.resubmitted += lost.length;
    await ex.submit(lost);
  }
  ex.lastProgress = Date.now();
  return settled + lost.length;
}
