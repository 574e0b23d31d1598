import { expect } from 'chai';
import { type BulkBody, chunksOf, PIECE_SIZE, piecesOf } from '../../../../src/app/bulk/bulkBody.js';
import { readCsvRows } from '../../../../src/app/bulk/readCsvRows.js';
import { readJsonRows } from '../../../../src/app/bulk/readJsonRows.js';
import type { SubmittedRow } from '../../../../src/app/bulk/submittedRow.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A body arriving as the network hands it over: a few large chunks. */
async function* arriving(bytes: Buffer, chunk: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
}

/** Names with two-byte, three-byte and four-byte (surrogate pair) characters, so that cuts fall inside them. */
function nameOf(i: number): string {
  return `Zoë ${i} 日本 😀${'é'.repeat(i % 7)}`;
}

describe('bulk bodies handed to the parsers in pieces', () => {
  it('cuts bytes into pieces of at most the size, which join back into the chunk', () => {
    const bytes = Buffer.from(Array.from({ length: 3 * PIECE_SIZE + 5 }, (_, i) => i % 251));
    const pieces = [...piecesOf(bytes)];
    expect(pieces.map((piece) => piece.length)).to.deep.equal([PIECE_SIZE, PIECE_SIZE, PIECE_SIZE, 5]);
    expect(Buffer.concat(pieces as Uint8Array[]).equals(bytes)).to.equal(true);
    const small = Buffer.from('email,name\n');
    expect([...piecesOf(small)]).to.deep.equal([small]);
  });

  it('never cuts text between the two halves of a surrogate pair', () => {
    // Cuts every 4 code units would fall between the halves of the first 😀 of each repeat.
    const text = 'a😀😀'.repeat(20);
    const pieces = [...piecesOf(text, 4)] as string[];
    expect(pieces.join('')).to.equal(text);
    for (const piece of pieces) {
      expect(piece.length).to.be.at.most(5);
      const last = piece.charCodeAt(piece.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff, `piece ending in a high surrogate: ${JSON.stringify(piece)}`).to.equal(
        false,
      );
    }
  });

  it('hands a large body over in pieces, whole or as it arrives', async () => {
    const text = 'x'.repeat(2 * PIECE_SIZE + 1);
    const whole = await collect(chunksOf(text));
    expect(whole.map((piece) => piece.length)).to.deep.equal([PIECE_SIZE, PIECE_SIZE, 1]);
    const streamed = await collect(chunksOf(arriving(Buffer.from(text), 3 * PIECE_SIZE)));
    expect(streamed.map((piece) => piece.length)).to.deep.equal([PIECE_SIZE, PIECE_SIZE, 1]);
  });

  it('reads the same CSV rows whatever the cuts: multi-byte names across piece boundaries, whole text or bytes', async () => {
    const rows = 600;
    const lines = ['email,name,achievement,earnedOn'];
    for (let i = 0; i < rows; i += 1) lines.push(`c${i}@example.org,"${nameOf(i)}, Jr",AZ-900,2024-05-01`);
    const csv = `${lines.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(csv)).to.be.greaterThan(3 * PIECE_SIZE);
    const expected = Array.from({ length: rows }, (_, i) => ({
      candidate: {
        recipient: { email: `c${i}@example.org`, name: `${nameOf(i)}, Jr` },
        achievement: 'AZ-900',
        earnedOn: '2024-05-01',
      },
    }));
    const bodies: BulkBody[] = [csv, Buffer.from(csv), arriving(Buffer.from(csv), 3 * PIECE_SIZE + 7)];
    for (const body of bodies) {
      const read: SubmittedRow[] = await collect(readCsvRows(body));
      expect(read).to.deep.equal(expected);
    }
  });

  it('reads the same JSON items whatever the cuts', async () => {
    const items = Array.from({ length: 400 }, (_, i) => ({
      recipient: { email: `c${i}@example.org`, name: nameOf(i) },
      achievement: 'AZ-900',
      earnedOn: '2024-05-01',
    }));
    const json = JSON.stringify(items);
    expect(Buffer.byteLength(json)).to.be.greaterThan(3 * PIECE_SIZE);
    const bodies: BulkBody[] = [json, Buffer.from(json), arriving(Buffer.from(json), 3 * PIECE_SIZE + 7)];
    for (const body of bodies) {
      const read: SubmittedRow[] = await collect(readJsonRows(body));
      expect(read).to.deep.equal(items.map((candidate) => ({ candidate })));
    }
  });
});
