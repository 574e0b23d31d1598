import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isAccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Mailer, SendOutcome } from '../../ports/mailer.js';
import type { Collection, Filter } from '../../ports/store.js';
import type { MailRecord, MailRequest, MailStatus } from './mailRecord.js';
import type { MailPace } from './requestsFirst.js';

/** A message ready to go; `null` from a composer means there is nothing left to say (cancelled). */
export interface ComposedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Composer = (record: MailRecord) => Promise<ComposedMail | null>;

export interface MailQueueDeps {
  readonly collection: Collection<MailRecord>;
  readonly mailer: Mailer;
  readonly compose: Composer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** One process owns the store (embedded): a message left `sending` was left by a stopped process. */
  readonly exclusive: boolean;
  /** The right-hand side of every Message-ID (`<key@domain>`). */
  readonly messageIdDomain: string;
  /** How long a sender holds a message before another may take it (a crashed instance's). */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /** Messages in flight at once; by default as many as the pooled SMTP transport keeps connections (5). */
  readonly concurrency?: number;
  /** Called once a message is over (sent, failed for good, cancelled). */
  readonly onSettled?: (record: MailRecord) => Promise<void>;
  /** Awaited before each message is taken: how the queue gives way to requests (requestsFirst.ts). */
  readonly pace?: MailPace;
}

/** A message taken by this sender, and its composing once started (a failure kept as `error`). */
interface Handed {
  readonly record: MailRecord;
  composed?: Promise<ComposedMail | null | { error: unknown }>;
}

/**
 * Handed messages composed together (see `nextHanded`): their store reads are one read and the
 * links minted share a commit. A message's award and account are read when it is composed, so
 * the further ahead, the later an accept or an opt-out made meanwhile is heard: a few senders'
 * worth at most.
 */
const COMPOSE_AHEAD = 10;

/** Outcomes of attempts reported close together, written together (see `outcomeOf`). */
interface OutcomeGroup {
  readonly items: { readonly taken: MailRecord; readonly set: Record<string, unknown> }[];
  /** Settles once the group is written (a failed write is logged, not thrown). */
  readonly written: Promise<void>;
  readonly settle: (written: Promise<void>) => void;
  /** Turns of the event loop it has waited for more senders' outcomes (see `writeOutcomes`). */
  turns: number;
}

/**
 * Turns of the event loop a group of outcomes waits for the senders still busy with a message
 * before it is written. Each write is a commit of its own, which copies the pages it touches to
 * the log: with five senders, most outcomes came alone. A sender waits for its mark anyway, and
 * a few turns are a small share of a message's SMTP exchange, so that the others, finishing,
 * share its write (sending reminders with 5 senders: 600 writes for 3,000 messages rather than
 * 2,100 to 2,600).
 */
const OUTCOME_WAIT_TURNS = 4;

/** Final states: nothing more happens to the message. */
const SETTLED: ReadonlySet<MailStatus> = new Set(['sent', 'failed', 'cancelled']);
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 3_600_000;

/** Waits 1, 2, 4 … minutes after each failed attempt, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** RFC 5322 §3.6.4: the left part of a msg-id is a dot-atom, so a key keeps only safe characters. */
export function messageIdOf(key: string, domain: string): string {
  return `<${key.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '-')}@${domain}>`;
}

export interface MailQueueEvents {
  /** A message is over: sent, failed for good or cancelled. */
  settled: [MailRecord];
  /** An attempt failed; the message waits for its next one. */
  retrying: [MailRecord];
  /** Either of the above: any recorded outcome of an attempt. */
  updated: [MailRecord];
}

/** What a sender may take at `nowIso`: messages due, then those whose sender's lease ran out. */
export function claimableMail(nowIso: string): Filter[] {
  return [
    { status: 'queued', nextAttemptAt: { $lte: nowIso } },
    { status: 'sending', leaseUntil: { $lte: nowIso } },
  ];
}

/**
 * The outgoing mail queue, kept in the store (`mail` collection), so a bulk job's ten thousand
 * awards cost memory for the messages in flight only, and nothing is lost when the process stops.
 *
 * Each message is recorded before it is sent and marked sent after: it is taken (`sending`, with
 * a lease and an attempt counted), composed, handed to the mailer, then marked `sent`. Closing the
 * queue lets the sends in flight finish and be marked, so a restart neither loses nor repeats a
 * message. After a crash between the hand-over and the mark, the message is sent again once its
 * lease has run out (at the next start on the embedded store), under the same Message-ID and, in
 * the outbox, into the same file: at least once, never silently lost.
 *
 * Sending starts as soon as a message is enqueued (no periodic batch), and again at each
 * retry's due time.
 */
export function createMailQueue(deps: MailQueueDeps) {
  const { collection, clock, logger } = deps;
  const owner = randomUUID();
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const maxAttempts = deps.maxAttempts ?? 8;
  const concurrency = deps.concurrency ?? 5;
  const events = new EventEmitter<MailQueueEvents>();
  let running: Promise<void> | undefined;
  let again = false;
  let stopping = false;
  let wake: NodeJS.Timeout | undefined;
  /** Messages taken by this sender at once (`enqueueMany`), waiting for a free sender, in order. */
  let handed: Handed[] = [];
  /** Outcomes of attempts reported and not yet written (see `outcomeOf`). */
  let gathering: OutcomeGroup | undefined;
  /** Senders between taking a message and reporting its outcome: those a group may wait for. */
  let attempting = 0;

  async function enqueue(request: MailRequest): Promise<boolean> {
    const added = await record(request);
    if (added) void kick();
    return added;
  }

  /**
   * Records many messages in one store write, each unless one with its key exists, then sends
   * them. They are recorded already taken by this sender (`sending`, leased, their first attempt
   * counted), and handed to its senders in memory: no store read or write to claim each. A run
   * that stopped half-way is finished by the next with the same keys: the ones recorded before
   * are left as they are, and returned (as they are now) so the caller can tell them from the
   * fresh ones, whose outcome the `updated` event reports. Callers pass a batch at a time: the
   * messages handed over are sent before their lease runs out (renewed if need be).
   */
  async function enqueueMany(requests: readonly MailRequest[]): Promise<MailRecord[]> {
    if (requests.length === 0) return [];
    const known = await collection.find({ _id: { $in: requests.map((request) => request.key) } });
    const recorded = new Set(known.map((message) => message._id));
    const fresh = requests.filter((request) => !recorded.has(request.key));
    if (fresh.length === 0) return known;
    const taken = fresh.map((request) => ({ ...queued(request), ...takenNow(), attempts: 1 }) as MailRecord);
    try {
      await collection.insertMany(taken);
    } catch (error) {
      if (!isAccoladeError(error) || error.code !== 'conflict') throw error;
      // Recorded meanwhile by another sender. The ones this insert kept are taken by this sender:
      // they go back to the queue; the rest are recorded one by one, each a no-op when it exists.
      await collection.updateMany(
        { _id: { $in: taken.map((message) => message._id) }, owner },
        { $set: { status: 'queued', attempts: 0 }, $unset: { leaseUntil: '', owner: '' } },
      );
      for (const request of fresh) {
        if (!(await record(request))) {
          const other = await collection.findOne({ _id: request.key });
          if (other !== null && other.owner !== owner) known.push(other);
        }
      }
      void kick();
      return known;
    }
    for (const message of taken) handed.push({ record: message });
    void kick();
    return known;
  }

  /** What taking a message for this sender sets: its status, owner and lease. */
  function takenNow() {
    return {
      status: 'sending' as const,
      owner,
      leaseUntil: new Date(clock.now().getTime() + leaseMs).toISOString(),
    };
  }

  function queued(request: MailRequest): MailRecord {
    const now = clock.now().toISOString();
    return {
      _id: request.key,
      template: request.template,
      lang: request.lang,
      to: request.to,
      data: request.data ?? {},
      ...(request.awardId === undefined ? {} : { awardId: request.awardId }),
      status: 'queued',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
    };
  }

  /** Stores the message unless one with its key exists; true when it was added. */
  async function record(request: MailRequest): Promise<boolean> {
    try {
      await collection.insertOne(queued(request));
      return true;
    } catch (error) {
      if (isAccoladeError(error) && error.code === 'conflict') return false;
      throw error;
    }
  }

  async function claimNext(): Promise<MailRecord | null> {
    const now = clock.now();
    const claim = { $set: takenNow(), $inc: { attempts: 1 } };
    // Two queries rather than one $or: each is answered from the status index, so claiming a
    // message reads the messages waiting, never every message ever sent.
    for (const filter of claimableMail(now.toISOString())) {
      const taken = await collection.findOneAndUpdate(filter, claim);
      if (taken !== null) return taken;
    }
    return null;
  }

  async function finish(taken: MailRecord, set: Record<string, unknown>): Promise<void> {
    const marking = collection.findOneAndUpdate(
      { _id: taken._id, status: 'sending', owner },
      { $set: set, $unset: { leaseUntil: '', owner: '' } },
    );
    // A delivery's follow-up (its award written) goes with the mark, in the same commit: should
    // the mark find the message taken over (its lease ran out), the other sender delivers it too
    // and reports the same outcome, which the follow-ups write once.
    const { leaseUntil: _lease, owner: _owner, ...rest } = taken;
    const followUp = set.status === 'sent' ? deps.onSettled?.({ ...rest, ...set } as MailRecord) : undefined;
    const [updated] = await Promise.all([marking, followUp]);
    // Null: the lease ran out and another sender took the message; its outcome will be recorded.
    if (updated === null) return;
    if (SETTLED.has(updated.status)) {
      if (followUp === undefined) await deps.onSettled?.(updated);
      events.emit('settled', updated);
    } else {
      events.emit('retrying', updated);
    }
    events.emit('updated', updated);
  }

  /**
   * The next handed message, its lease still good for a while (renewed in the store when half
   * run out; dropped when another sender took it meanwhile). Messages are composed several at
   * once, so that their store reads (awards, accounts) are one read and their writes (the links
   * minted) share a commit.
   */
  async function nextHanded(): Promise<Handed | null> {
    for (;;) {
      const next = handed.shift();
      if (next === undefined) return null;
      if (Date.parse(next.record.leaseUntil ?? '') - clock.now().getTime() < leaseMs / 2) {
        const renewed = await collection.findOneAndUpdate(
          { _id: next.record._id, status: 'sending', owner },
          { $set: { leaseUntil: takenNow().leaseUntil } },
        );
        if (renewed === null) continue;
      }
      // Composed `COMPOSE_AHEAD` at a time, the next ones started while half of those before are
      // still to go: composing one more at each turn would read and write for one message at a time.
      const started = handed.findIndex((item) => item.composed === undefined);
      const ahead = started === -1 ? handed.length : started;
      if (next.composed === undefined || ahead < COMPOSE_AHEAD / 2) {
        for (const item of [next, ...handed.slice(ahead, ahead + COMPOSE_AHEAD)]) {
          item.composed ??= deps.compose(item.record).catch((error: unknown) => ({ error }));
        }
      }
      return next;
    }
  }

  async function attempt(taken: MailRecord, ahead?: Handed['composed']): Promise<SendOutcome | 'cancelled'> {
    try {
      const composed = await (ahead ?? deps.compose(taken));
      if (composed !== null && 'error' in composed) throw composed.error;
      if (composed === null) return 'cancelled';
      return await deps.mailer.send({
        messageId: messageIdOf(taken._id, deps.messageIdDomain),
        to: taken.to,
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        headers: composed.headers ?? {},
      });
    } catch (error) {
      return { ok: false, permanent: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Records an attempt's outcome; resolves once it is written. The sender waits for it before
   * taking another message, so each sender holds at most one message delivered and not yet
   * marked: a crash sends at most `concurrency` messages again (exactly-once everywhere else),
   * and no outcome waits in memory while its lease runs out. The outcomes reported close
   * together (see `writeOutcomes`) are written together: the messages sent in one store write,
   * their follow-ups in the same commit.
   */
  function outcomeOf(taken: MailRecord, set: Record<string, unknown>): Promise<void> {
    if (gathering === undefined) {
      let settle!: (written: Promise<void>) => void;
      const written = new Promise<void>((resolve) => {
        settle = resolve;
      });
      gathering = { items: [], written, settle, turns: 0 };
      setImmediate(writeOutcomes);
    }
    gathering.items.push({ taken, set });
    return gathering.written;
  }

  /**
   * The messages sent among outcomes written together: marked in one store write, all with the
   * time of that write as `sentAt` (so that one write serves them), their follow-ups started in
   * the same turn. Should the mark find fewer than it was given taken by this sender (a lease
   * that ran out: another sender took the message and sends it again), each is still reported
   * sent, which it was.
   */
  async function markSent(taken: readonly MailRecord[]): Promise<void> {
    if (taken.length === 0) return;
    const set = { status: 'sent' as const, sentAt: clock.now().toISOString() };
    const marking = collection.updateMany(
      { _id: { $in: taken.map((message) => message._id) }, status: 'sending', owner },
      { $set: set, $unset: { leaseUntil: '', owner: '' } },
    );
    const sent = taken.map(({ leaseUntil: _lease, owner: _owner, ...rest }) => ({ ...rest, ...set }) as MailRecord);
    await Promise.all([marking, ...sent.map((message) => deps.onSettled?.(message))]);
    for (const message of sent) {
      events.emit('settled', message);
      events.emit('updated', message);
    }
  }

  /**
   * Writes the outcomes gathered; their senders' `outcomeOf` resolves once they are written. While
   * other senders are still busy with a message, it waits a turn of the event loop for them, up
   * to `OUTCOME_WAIT_TURNS`, so that their outcomes share the write; at once when none is, or
   * when the queue is closing.
   */
  function writeOutcomes(): void {
    const gathered = gathering;
    if (gathered === undefined) return;
    if (gathered.turns < OUTCOME_WAIT_TURNS && attempting > 0 && !stopping) {
      gathered.turns++;
      setImmediate(writeOutcomes);
      return;
    }
    gathering = undefined;
    const group = gathered.items;
    const sent = group.filter(({ set }) => set.status === 'sent').map(({ taken }) => taken);
    const others = group.filter(({ set }) => set.status !== 'sent');
    const written = Promise.all([markSent(sent), ...others.map(({ taken, set }) => finish(taken, set))]).then(
      () => undefined,
      // The messages stay leased to this sender: they go again once their lease runs out.
      (error: unknown) => logger.error({ err: error }, 'the mail queue could not record an outcome'),
    );
    gathered.settle(written);
  }

  async function deliver(taken: MailRecord, ahead?: Handed['composed']): Promise<void> {
    attempting++;
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt(taken, ahead);
    } finally {
      attempting--;
    }
    const now = clock.now();
    if (outcome === 'cancelled') return outcomeOf(taken, { status: 'cancelled' });
    if (outcome.ok) return outcomeOf(taken, { status: 'sent' });
    const giveUp = outcome.permanent || taken.attempts >= maxAttempts;
    logger.warn(
      { mail: taken._id, attempts: taken.attempts, permanent: outcome.permanent, reason: outcome.reason },
      giveUp ? 'mail failed' : 'mail will be retried',
    );
    if (giveUp) return outcomeOf(taken, { status: 'failed', lastError: outcome.reason });
    return outcomeOf(taken, {
      status: 'queued',
      lastError: outcome.reason,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(taken.attempts)).toISOString(),
    });
  }

  /** Each delivery resolves once its outcome is written (`outcomeOf`): nothing is left unmarked when a sender stops. */
  async function worker(): Promise<void> {
    while (!stopping) {
      await deps.pace?.();
      if (stopping) return;
      const next = await nextHanded();
      if (next !== null) {
        await deliver(next.record, next.composed);
        continue;
      }
      const taken = await claimNext();
      if (taken === null) return;
      await deliver(taken);
    }
  }

  /** Sends every message due now; concurrent calls share one run. Resolves when the queue has nothing due. */
  function kick(): Promise<void> {
    if (stopping) return Promise.resolve();
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await Promise.all(Array.from({ length: concurrency }, () => worker()));
        } while (again && !stopping);
        await scheduleWake();
      } catch (error) {
        logger.error({ err: error }, 'the mail queue could not run');
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  /** Wakes the queue when the next retry is due or the next lease runs out. */
  async function scheduleWake(): Promise<void> {
    if (stopping) return;
    const [retry] = await collection.find({ status: 'queued' }, { sort: { nextAttemptAt: 1 }, limit: 1 });
    const [lease] = await collection.find({ status: 'sending' }, { sort: { leaseUntil: 1 }, limit: 1 });
    const times = [retry?.nextAttemptAt, lease?.leaseUntil].filter((t): t is string => t !== undefined);
    if (times.length === 0) return;
    const delay = Math.max(0, Math.min(...times.map(Date.parse)) - clock.now().getTime());
    if (wake !== undefined) clearTimeout(wake);
    wake = setTimeout(() => void kick(), Math.min(delay + 50, LONGEST_RETRY_MS));
    wake.unref();
  }

  return {
    events,
    enqueue,
    enqueueMany,
    kick,
    /** Before the first kick: on the embedded store, messages a stopped process left `sending` go again. */
    async start(): Promise<void> {
      if (deps.exclusive) {
        await collection.updateMany(
          { status: 'sending' },
          {
            $set: { status: 'queued', nextAttemptAt: clock.now().toISOString() },
            $unset: { leaseUntil: '', owner: '' },
          },
        );
      }
      void kick();
    },
    find(key: string): Promise<MailRecord | null> {
      return collection.findOne({ _id: key });
    },
    /** Stops taking messages; the ones in flight finish and are recorded. */
    async close(): Promise<void> {
      stopping = true;
      if (wake !== undefined) clearTimeout(wake);
      await running;
      // Handed but not sent: back to the queue for whichever sender comes next.
      const left = handed.map((item) => item.record._id);
      handed = [];
      if (left.length > 0) {
        await collection.updateMany(
          { _id: { $in: left }, status: 'sending', owner },
          {
            $set: { status: 'queued', nextAttemptAt: clock.now().toISOString() },
            $inc: { attempts: -1 },
            $unset: { leaseUntil: '', owner: '' },
          },
        );
      }
    },
  };
}

export type MailQueue = ReturnType<typeof createMailQueue>;
