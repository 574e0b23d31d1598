import { expect } from 'chai';
import { bakeSvgOb2Hosted } from '../../../../src/badges/bake/bakeSvg.js';
import { extractFromSvg } from '../../../../src/badges/bake/extractFromSvg.js';
import { SVG_EXTRACTION_ERROR_CODES } from '../../../../src/badges/bake/extraction.js';
import {
  billionLaughsSvg,
  OB2_NAMESPACE,
  OB3_NAMESPACE,
  plainSvg,
  svgBakedWithOtherPrefix,
  svgWithActiveContent,
  svgWithDoctype,
  xxeSvg,
} from './svgFixtures.js';

const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';
/** Big enough that quadratic work would be millions of times the input; linear work stays small. */
const ONE_MB = 1024 * 1024;

function errorCode(svg: string | Buffer, limits?: Parameters<typeof extractFromSvg>[1]): string | undefined {
  const result = extractFromSvg(svg, limits);
  expect(result.found).to.equal(false);
  return result.found ? undefined : result.error?.code;
}

/**
 * Work allowed per character of input: each character is examined a few times, and each start
 * tag looks a prefix up through at most MAX_XML_DEPTH enclosing elements. A parser that
 * backtracks or copies what it saw before does work growing with the square of the input.
 */
const STEPS_PER_CHARACTER = 4;

/** Inputs built to make a naive parser or a backtracking regex take forever. */
function adversarialInputs(): Record<string, string> {
  return {
    'an unterminated attribute': `<svg ${SVG_NS} a="${'x'.repeat(ONE_MB)}`,
    'endless attributes': `<svg ${SVG_NS}${Array.from({ length: ONE_MB / 12 }, (_, i) => ` a${i}="b"`).join('')}`,
    'a giant attribute name': `<svg ${'a'.repeat(ONE_MB)}`,
    'endless open brackets': `<svg ${SVG_NS}>${'<'.repeat(ONE_MB)}`,
    'an unterminated comment of dashes': `<svg ${SVG_NS}><!--${'-'.repeat(ONE_MB)}`,
    'an unterminated CDATA of brackets': `<svg ${SVG_NS}><![CDATA[${']]'.repeat(ONE_MB / 2)}`,
    'deep nesting': `<svg ${SVG_NS}>${'<g>'.repeat(ONE_MB / 3)}`,
    'many sibling elements': `<svg ${SVG_NS}>${'<g/>'.repeat(ONE_MB / 4)}</svg>`,
    'a body of ampersands': `<svg ${SVG_NS} xmlns:openbadges="${OB2_NAMESPACE}"><openbadges:assertion>${'&'.repeat(ONE_MB)}</openbadges:assertion></svg>`,
    'a body of entities': `<svg ${SVG_NS} xmlns:openbadges="${OB2_NAMESPACE}"><openbadges:assertion>${'&amp;'.repeat(ONE_MB / 5)}</openbadges:assertion></svg>`,
    'many namespace declarations': `<svg ${SVG_NS}>${`<g xmlns:p="urn:x">`.repeat(200)}${'</g>'.repeat(200)}${'<g/>'.repeat(100000)}</svg>`,
    'namespaces declared above many declaring siblings': `<svg ${SVG_NS}${Array.from({ length: 50_000 }, (_, i) => ` xmlns:p${i}="u"`).join('')}>${'<g xmlns:q="u"/>'.repeat(50_000)}</svg>`,
    'siblings at the deepest level': `<svg ${SVG_NS}>${'<g>'.repeat(254)}${'<g/>'.repeat(ONE_MB / 4)}`,
  };
}

describe('extractFromSvg', () => {
  describe('reads badges', () => {
    it('finds an OB 2.0 assertion under any prefix bound to its namespace', () => {
      expect(extractFromSvg(svgBakedWithOtherPrefix())).to.deep.equal({
        found: true,
        format: 'ob2',
        verify: 'https://old.example/a/1',
      });
    });

    it('finds a credential in the default namespace of its own element', () => {
      const svg = `<svg ${SVG_NS}><g><credential xmlns="${OB3_NAMESPACE}" verify="a.b.c"/></g></svg>`;
      expect(extractFromSvg(svg)).to.deep.equal({ found: true, format: 'ob3', verify: 'a.b.c' });
    });

    it('ignores an openbadges element bound to some other namespace', () => {
      const svg = `<svg ${SVG_NS} xmlns:openbadges="urn:other"><openbadges:assertion verify="x"/></svg>`;
      expect(extractFromSvg(svg)).to.deep.equal({ found: false });
    });

    it('decodes entities in an escaped body and in verify', () => {
      const svg = `<svg ${SVG_NS} xmlns:openbadges="${OB2_NAMESPACE}"><openbadges:assertion verify="a&amp;b">{"n":"&lt;&#233;&#xE8;&gt;"}</openbadges:assertion></svg>`;
      expect(extractFromSvg(svg)).to.deep.equal({ found: true, format: 'ob2', verify: 'a&b', body: '{"n":"<éè>"}' });
    });

    it('refuses a document with two badge elements', () => {
      const svg = `<svg ${SVG_NS} xmlns:openbadges="${OB3_NAMESPACE}"><openbadges:credential verify="first"/><openbadges:credential verify="second"/></svg>`;
      expect(errorCode(svg)).to.equal('svg_several_badges');
    });

    it('reads a UTF-8 buffer with a byte order mark', () => {
      const baked = bakeSvgOb2Hosted(plainSvg(), '{"name":"Réussite"}');
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(baked)]);
      expect(extractFromSvg(bytes)).to.deep.equal({ found: true, format: 'ob2', body: '{"name":"Réussite"}' });
    });

    it('says not found, without an error, for a clean SVG that carries no badge', () => {
      expect(extractFromSvg(plainSvg())).to.deep.equal({ found: false });
    });
  });

  describe('refuses hostile or broken input with a code and never throws', () => {
    it('refuses a DOCTYPE, an XXE entity and a billion-laughs document', () => {
      expect(errorCode(svgWithDoctype())).to.equal('svg_doctype');
      expect(errorCode(xxeSvg())).to.equal('svg_doctype');
      expect(errorCode(billionLaughsSvg())).to.equal('svg_doctype');
    });

    it('refuses scripts, event handlers and javascript: links anywhere in the document', () => {
      expect(errorCode(svgWithActiveContent())).to.equal('svg_active_content');
      expect(errorCode(`<svg ${SVG_NS}><g><script/></g></svg>`)).to.equal('svg_active_content');
      expect(errorCode(`<svg ${SVG_NS}><rect onmouseover="x()"/></svg>`)).to.equal('svg_active_content');
      expect(errorCode(`<svg ${SVG_NS}><a href="JaVaScRiPt&#58;x()"/></svg>`)).to.equal('svg_active_content');
    });

    it('refuses script that comes after the badge element', () => {
      const baked = bakeSvgOb2Hosted(plainSvg(), '{}').replace('</svg>', '<script>x()</script></svg>');
      expect(errorCode(baked)).to.equal('svg_active_content');
    });

    it('refuses an image larger than the cap', () => {
      expect(errorCode(plainSvg(), { maxBytes: 100 })).to.equal('svg_too_large');
      expect(errorCode(Buffer.from(plainSvg()), { maxBytes: 100 })).to.equal('svg_too_large');
    });

    it('refuses a document whose root is not svg', () => {
      expect(errorCode('<html><openbadges:assertion xmlns:openbadges="http://openbadges.org"/></html>')).to.equal(
        'svg_not_svg',
      );
    });

    it('refuses malformed markup', () => {
      for (const svg of [
        '',
        'not xml at all',
        `<svg ${SVG_NS}>`,
        `<svg ${SVG_NS}><g></svg>`,
        `<svg ${SVG_NS}></svg><svg ${SVG_NS}></svg>`,
        `<svg ${SVG_NS} a="1" a="2"></svg>`,
        `<svg ${SVG_NS} a=1></svg>`,
        `<svg ${SVG_NS}><text>&nbsp;</text></svg>`,
        `<svg ${SVG_NS} xmlns:openbadges="${OB2_NAMESPACE}"><openbadges:assertion>&unknown;</openbadges:assertion></svg>`,
        `<svg ${SVG_NS} xmlns:openbadges="${OB2_NAMESPACE}"><openbadges:assertion>&#0;</openbadges:assertion></svg>`,
      ]) {
        expect(errorCode(svg), svg).to.equal('svg_malformed');
      }
    });

    it('refuses bytes that are not UTF-8', () => {
      expect(errorCode(Buffer.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0x3e]))).to.equal('svg_malformed');
    });

    for (const [scenario, input] of Object.entries(adversarialInputs())) {
      it(`answers ${scenario} with work linear in its size`, () => {
        const meter = { steps: 0 };
        const result = extractFromSvg(input, {}, meter);
        expect(meter.steps).to.be.at.most(STEPS_PER_CHARACTER * input.length);
        if (!result.found && result.error) expect(SVG_EXTRACTION_ERROR_CODES).to.include(result.error.code);
      });
    }

    it('answers every corrupted variant of a baked SVG with found or a known code', () => {
      const original = bakeSvgOb2Hosted(plainSvg(), '{"a":"b"}');
      let state = 11;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      const alphabet = '<>/!?&;="\'[]-:ax \n';
      for (let round = 0; round < 3000; round += 1) {
        const chars = [...original.slice(0, 1 + Math.floor(random() * original.length))];
        for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits -= 1) {
          chars[Math.floor(random() * chars.length)] = alphabet[Math.floor(random() * alphabet.length)]!;
        }
        const result = extractFromSvg(chars.join(''));
        if (!result.found && result.error) expect(SVG_EXTRACTION_ERROR_CODES).to.include(result.error.code);
      }
    });
  });
});
