import type { MailMessage } from '../../ports/mailer.js';

/** The port's message as nodemailer's message options (both mail adapters build mail with nodemailer). */
export function nodemailerMessage(message: MailMessage) {
  return {
    messageId: message.messageId,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { ...message.headers },
  };
}
