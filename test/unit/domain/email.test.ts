import { expect } from 'chai';
import { normalizeEmail } from '../../../src/domain/email.js';
import { errorCodeOf } from '../../fixtures/rules/errorCode.js';

describe('normalizeEmail', () => {
  it('trims and lowercases the whole address', () => {
    expect(normalizeEmail('  Ana.Silva@Contoso.COM \n')).to.equal('ana.silva@contoso.com');
  });

  it('keeps sub-addresses and the special characters RFC 5322 allows before the @', () => {
    expect(normalizeEmail("o'brien+badges@mail.example.org")).to.equal("o'brien+badges@mail.example.org");
  });

  it('accepts international addresses and composes their accents one way', () => {
    expect(normalizeEmail('E\u0301lodie@Exemple.fr')).to.equal('\u00e9lodie@exemple.fr');
  });

  for (const [label, input] of [
    ['an empty string', '   '],
    ['no @ at all', 'ana.contoso.com'],
    ['nothing before the @', '@contoso.com'],
    ['nothing after the @', 'ana@'],
    ['a domain without a dot', 'ana@localhost'],
    ['two @', 'ana@b@contoso.com'],
    ['a leading dot', '.ana@contoso.com'],
    ['two dots in a row', 'ana..silva@contoso.com'],
    ['a space inside', 'ana silva@contoso.com'],
    ['an empty domain label', 'ana@contoso..com'],
    ['a label starting with a hyphen', 'ana@-contoso.com'],
    ['an all-digit top-level domain', 'ana@10.0.0.1'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@contoso.com`],
    ['an address over 254 characters', `ana@${`${'d'.repeat(60)}.`.repeat(5)}com`],
  ] as const) {
    it(`refuses ${label} with invalid_email`, () => {
      expect(errorCodeOf(() => normalizeEmail(input))).to.equal('invalid_email');
    });
  }

  it('refuses a value that is not a string with invalid_email', () => {
    expect(errorCodeOf(() => normalizeEmail(42 as unknown as string))).to.equal('invalid_email');
  });
  it('judges every printable ASCII character where the Unicode rules would, in the local part and the domain', () => {
    // The rules as written for any address (Unicode letters and digits), applied here to ASCII.
    const local = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
    const label = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
    const accepted = (input: string) => errorCodeOf(() => normalizeEmail(input)) === undefined;
    let compared = 0;
    for (let code = 0x21; code <= 0x7e; code += 1) {
      const c = String.fromCharCode(code);
      if (c === '@') continue;
      for (const [before, after] of [
        [`a${c}b`, 'contoso.com'],
        [c, 'contoso.com'],
        ['ana', `con${c}toso.com`],
        ['ana', `${c}.com`],
        ['ana', `contoso.c${c}m`],
      ] as const) {
        const lowBefore = before.toLowerCase();
        const labels = after.toLowerCase().split('.');
        const expected =
          local.test(lowBefore) &&
          labels.length >= 2 &&
          labels.every((each) => label.test(each)) &&
          !/^\d+$/.test(labels.at(-1)!);
        expect(accepted(`${before}@${after}`), `${before}@${after}`).to.equal(expected);
        compared += 1;
      }
    }
    expect(compared).to.be.greaterThan(400);
    expect(normalizeEmail(' Ana.Silva@Contoso.COM ')).to.equal('ana.silva@contoso.com');
  });
});
