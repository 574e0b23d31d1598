import type { Lang } from '../awards/awardRecord.js';

/**
 * A text as French typography sets it on a page or in an email: the space before `: ; ! ? »` and
 * after `«` becomes a no-break space, so a title never wraps with its colon at the start of a
 * line ("Microsoft Certified : Administrateur") nor a quote mark alone at the end of one.
 * English texts are left as they are.
 */
export function typeset(text: string, lang: Lang): string {
  if (lang !== 'fr') return text;
  return text.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}
