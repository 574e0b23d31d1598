/**
 * Outgoing mail. The queue (`app/mail`) decides what to send and when; a mailer only delivers one
 * finished message. Adapters: SMTP through a pooled transport (`SMTP_URL`), or `.eml` files in
 * an outbox directory (the embedded default).
 */
export interface MailMessage {
  /** The same for every attempt at one queued message, so a re-send is recognisably the same mail. */
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A send reports its outcome instead of throwing: `permanent` failures (an SMTP 5xx reply, an
 * address the server refuses) are not retried; anything else (a connection refused, a 4xx) is.
 */
export type SendOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly permanent: boolean; readonly reason: string };

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<SendOutcome>;
  /** Closes pooled connections once the sends in flight are over. */
  close(): Promise<void>;
}
