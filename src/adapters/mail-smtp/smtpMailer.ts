import { createTransport } from 'nodemailer';
import type { Mailer, MailMessage, SendOutcome } from '../../ports/mailer.js';
import { nodemailerMessage } from '../mail-nodemailer/nodemailerMessage.js';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`, as nodemailer reads it. */
  readonly url: string;
  readonly from: string;
  /** Connections kept open to the server; each carries one message at a time. */
  readonly maxConnections?: number;
}

/** The SMTP reply code of a nodemailer failure, when the server gave one. */
function responseCodeOf(error: unknown): number | undefined {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Sends through nodemailer's pooled SMTP transport: connections are reused across messages, so a
 * burst (a bulk job's awards) costs one handshake per connection, not per mail.
 * RFC 5321 §4.2.1: a 5yz reply is a permanent negative completion, retrying cannot help; 4yz
 * and failures without a reply (connection refused, timeout) are transient.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = createTransport(
    { url: options.url, pool: true, maxConnections: options.maxConnections ?? 5 },
    { from: options.from },
  );
  return {
    kind: 'smtp',
    async send(message: MailMessage): Promise<SendOutcome> {
      try {
        await transport.sendMail(nodemailerMessage(message));
        return { ok: true };
      } catch (error) {
        const code = responseCodeOf(error);
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, permanent: code !== undefined && code >= 500 && code < 600, reason };
      }
    },
    async close() {
      transport.close();
    },
  };
}
