import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** A message the sink accepted, parsed by mailparser, with its raw text. */
export interface ReceivedMail {
  readonly parsed: ParsedMail;
  readonly raw: string;
  readonly to: readonly string[];
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Resolves once `count` messages in all have been accepted (by event, never by time). */
  waitForCount(count: number): Promise<ReceivedMail[]>;
  /** The next `count` messages are refused with this reply (e.g. 451 transient, 550 permanent). */
  refuseNext(count: number, code: number): void;
  /**
   * The next message is held after its data arrived, before the server answers: `held` resolves
   * then, and the answer (250) leaves when `release` is called.
   */
  holdNext(): { held: Promise<void>; release: () => void };
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 with a random port: no TLS, no auth. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const events = new EventEmitter();
  const refusals: number[] = [];
  let hold: { arrived: () => void; answer: Promise<void> } | undefined;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          const refusal = refusals.shift();
          if (refusal !== undefined) {
            const error = Object.assign(new Error(`refused with ${refusal}`), { responseCode: refusal });
            callback(error);
            return;
          }
          const held = hold;
          hold = undefined;
          if (held !== undefined) {
            held.arrived();
            await held.answer;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          received.push({ parsed, raw, to: session.envelope.rcptTo.map((address) => address.address) });
          callback();
          events.emit('received');
        })();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitForCount(count) {
      while (received.length < count) await once(events, 'received');
      return received.slice(0, count);
    },
    refuseNext(count, code) {
      for (let i = 0; i < count; i++) refusals.push(code);
    },
    holdNext() {
      let arrived!: () => void;
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const answer = new Promise<void>((resolve) => {
        release = resolve;
      });
      hold = { arrived, answer };
      return { held, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
