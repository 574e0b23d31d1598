import { expect } from 'chai';
import { findJsonSyntaxError } from '../../../../src/app/rules/jsonSyntaxError.js';

describe('findJsonSyntaxError', () => {
  it('finds nothing wrong in valid JSON, whatever it holds', () => {
    expect(findJsonSyntaxError(' {"a": [1.5e3, -0, true, false, null, {"b": "\\n\\u00e9"}], "c": {}} ')).to.equal(
      undefined,
    );
  });

  for (const [label, text, line, column] of [
    ['a stray comma in an array', '{\n  "version": "v2",\n  "achievements": [,]\n}\n', 3, 20],
    ['a trailing comma before a closing brace', '{"a": 1,}', 1, 9],
    ['a misspelt literal', '{"a": tru}', 1, 10],
    ['a missing colon', '{"a" 1}', 1, 6],
    ['a raw line break inside a string', '{"a": "b\nc"}', 1, 9],
    ['a number with a leading zero', '[01]', 1, 3],
    ['text after the value', '[1, 2] x', 1, 8],
  ] as const) {
    it(`points at ${label}`, () => {
      const found = findJsonSyntaxError(text);
      expect([found?.line, found?.column]).to.deep.equal([line, column]);
    });
  }

  it('says when the text ends too early', () => {
    expect(findJsonSyntaxError('{"a": [1, 2')?.problem).to.equal('the text ends too early');
  });
});
