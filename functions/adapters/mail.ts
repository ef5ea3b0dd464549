import { Resend } from 'resend';
import type { Config } from '../config.ts';
import type { Email, Mailer } from '../domain/ports.ts';

export class MailError extends Error {
  override name = 'MailError';
}

/**
 * Sends email through Resend (locally, the mail sink that speaks its API). The SDK never
 * throws, so its `error` is turned into an exception here: the stream handler then retries.
 */
export class ResendMailer implements Mailer {
  private readonly resend: Resend;

  constructor(private readonly config: Config) {
    // The SDK reads RESEND_BASE_URL when constructed.
    if (config.resendBaseUrl) process.env.RESEND_BASE_URL = config.resendBaseUrl;
    this.resend = new Resend(config.resendApiKey);
  }

  /** Sends once per idempotency key, even when retried. */
  async send(email: Email, idempotencyKey: string): Promise<string> {
    const to = this.config.mailRedirectTo ? [this.config.mailRedirectTo] : email.to;
    let result: Awaited<ReturnType<Resend['emails']['send']>>;
    try {
      result = await this.resend.emails.send(
        { from: this.config.mailFrom, to, subject: email.subject, html: email.html, text: email.text, ...(email.replyTo ? { replyTo: email.replyTo } : {}), ...(email.headers ? { headers: email.headers } : {}) },
        { idempotencyKey },
      );
    } catch (e) {
      throw new MailError(`mail: send failed (${(e as Error).message})`);
    }
    // Resend took an email with this key before (a retried batch whose first attempt sent it, then
    // failed later) and this one differs only in what each attempt makes afresh, such as a new reply
    // link: the first went out, so this one must not. Throwing would fail the batch on every retry.
    if (result.error?.name === 'invalid_idempotent_request') return `sent-before:${idempotencyKey}`;
    if (result.error || !result.data) throw new MailError(`mail: ${result.error?.name ?? 'no data'}: ${result.error?.message ?? ''}`);
    return result.data.id;
  }
}
