import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

export interface PageAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The Location of a redirect, resolved against the request URL. */
  readonly location: string | undefined;
}

/**
 * A visitor with a cookie jar, posting forms as a browser does (urlencoded, with `Origin`),
 * without following redirects, so tests see each step.
 */
export function pageClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const origin = new URL(baseUrl).origin;

  function remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  }

  async function send(url: string, init: RequestInit): Promise<PageAnswer> {
    const target = new URL(url, `${baseUrl}/`).href;
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie === '' ? {} : { cookie }), ...(init.headers as Record<string, string>) },
    });
    remember(response.headers);
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: location === null ? undefined : new URL(location, target).href,
    };
  }

  return {
    jar,
    get: (url: string, headers: Record<string, string> = {}) => send(url, { method: 'GET', headers }),
    /** A form post from our own origin unless `origin` says otherwise (null: no Origin header). */
    post(url: string, form: Record<string, string>, options: { origin?: string | null } = {}) {
      const sentOrigin = options.origin === undefined ? origin : options.origin;
      return send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(sentOrigin === null ? {} : { origin: sentOrigin }),
        },
        body: new URLSearchParams(form).toString(),
      });
    },
  };
}

export type PageClient = ReturnType<typeof pageClient>;

/** The CSRF token of the first form of a page. */
export function csrfIn(html: string): string {
  const match = html.match(/name="csrf" value="([^"]+)"/);
  if (match === null) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/** Every form action of a page, in order. */
export function formActions(html: string): string[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
}

/** The outbox messages to `to` (lowercase address), oldest first, parsed. */
export async function outboxMessagesTo(dataDir: string, to: string): Promise<ParsedMail[]> {
  const directory = join(dataDir, 'outbox');
  const messages: ParsedMail[] = [];
  for (const name of (await readdir(directory)).filter((file) => file.endsWith('.eml')).sort()) {
    const parsed = await simpleParser(await readFile(join(directory, name)));
    const address = parsed.to !== undefined && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : undefined;
    if (address === to) messages.push(parsed);
  }
  return messages;
}

/** The first link of a message's text part with this path segment (`claim`, `sign-in`, `unsubscribe`). */
export function linkIn(message: ParsedMail, segment: string): string {
  const match = (message.text ?? '').match(new RegExp(`https?://\\S+/${segment}/[A-Za-z0-9_-]{43}`));
  if (match === null) throw new Error(`no ${segment} link in the message`);
  return match[0];
}
