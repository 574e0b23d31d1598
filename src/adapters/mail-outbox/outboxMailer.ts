import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Mailer, MailMessage, SendOutcome } from '../../ports/mailer.js';
import { nodemailerMessage } from '../mail-nodemailer/nodemailerMessage.js';

/** A file name from a Message-ID: the same message always lands in the same file. */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

/**
 * Writes each message as an RFC 5322 file (`.eml`, CRLF line ends) under `directory`, built by
 * nodemailer's stream transport exactly as SMTP would carry it, so anyone can open it in a mail
 * client. The file is named after the Message-ID and written to a temporary name then renamed:
 * a message sent again after a restart replaces its file, never adds a second one, and a reader
 * never sees half a message.
 */
export function createOutboxMailer(options: { readonly directory: string; readonly from: string }): Mailer {
  const transport = createTransport(
    { streamTransport: true, buffer: true, newline: 'windows' },
    { from: options.from },
  );
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'outbox',
    async send(message: MailMessage): Promise<SendOutcome> {
      try {
        ready ??= mkdir(options.directory, { recursive: true });
        await ready;
        const info = await transport.sendMail(nodemailerMessage(message));
        const target = join(options.directory, outboxFileName(message.messageId));
        const temporary = `${target}.tmp`;
        await writeFile(temporary, info.message as Buffer);
        await rename(temporary, target);
        return { ok: true };
      } catch (error) {
        ready = undefined;
        return { ok: false, permanent: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      transport.close();
    },
  };
}
