import type { Lang } from '../awards/awardRecord.js';
import { typeset } from '../pages/typeset.js';
import type { ComposedMail } from './mailQueue.js';
import { type MailContent, renderMail } from './renderMail.js';

/** The parts of an email that differ from one recipient to the next. */
export interface RecipientParts {
  readonly name: string;
  readonly image: string;
  readonly action: string;
  readonly optOut: string;
}

type Slot = keyof RecipientParts;

/** Where a recipient's part goes: a character of Unicode's private use area, which no text of ours nor any template holds. */
const slot = (name: Slot) => `\uE000${name}\uE000`;
const SLOTS = /\uE000(name|image|action|optOut)\uE000/g;
const SHAPES_KEPT = 64;

/** As the HTML template escapes a value (Eta's XMLEscape). */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);

/**
 * Emails rendered once per shape (template, language, badge title) and filled per recipient:
 * rendering (texts, typography, the HTML template) is done with a marker in each recipient's
 * part, and each message only puts the parts in, escaped in the HTML as the template escapes.
 * The name is set as the language's typography sets a text (`typeset`), as it was in the
 * paragraph. A few recent shapes are kept.
 */
export function createMailShapes() {
  const shapes = new Map<string, ComposedMail>();

  function shapeOf(key: string, content: (parts: RecipientParts) => MailContent): ComposedMail {
    let shape = shapes.get(key);
    if (shape === undefined) {
      shape = renderMail(
        content({ name: slot('name'), image: slot('image'), action: slot('action'), optOut: slot('optOut') }),
      );
      if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value as string);
      shapes.set(key, shape);
    }
    return shape;
  }

  return {
    /** The email of `key`'s shape (its content made by `content`, once) with `parts` filled in. */
    fill(
      key: string,
      lang: Lang,
      content: (parts: RecipientParts) => MailContent,
      parts: RecipientParts,
    ): ComposedMail {
      const shape = shapeOf(key, content);
      const plain: Record<Slot, string> = { ...parts, name: typeset(parts.name, lang) };
      const html: Record<Slot, string> = {
        name: escapeHtml(plain.name),
        image: escapeHtml(parts.image),
        action: escapeHtml(parts.action),
        optOut: escapeHtml(parts.optOut),
      };
      const put = (text: string, values: Record<Slot, string>) =>
        text.replace(SLOTS, (_whole, name: Slot) => values[name]);
      return {
        subject: put(shape.subject, plain),
        text: put(shape.text, plain),
        html: put(shape.html, html),
        headers: Object.fromEntries(
          Object.entries(shape.headers ?? {}).map(([name, value]) => [name, put(value, plain)]),
        ),
      };
    },
  };
}
