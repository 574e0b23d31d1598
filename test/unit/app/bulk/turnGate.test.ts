import { expect } from 'chai';
import { createTurnGate } from '../../../../src/app/bulk/turnGate.js';

/** Calls the gate `callers` times at once; each caller notes how many the gate let through per turn when its turn came. */
async function seen(gate: ReturnType<typeof createTurnGate>, callers: number, onEach?: (perTurn: number) => void) {
  const perTurn: number[] = [];
  await Promise.all(
    Array.from({ length: callers }, () =>
      gate().then(() => {
        perTurn.push(gate.perTurn());
        onEach?.(gate.perTurn());
      }),
    ),
  );
  return perTurn;
}

describe('the turn gate of bulk jobs', () => {
  it('lets one more caller through per turn while turns stay short, up to the most', async () => {
    let now = 0;
    const gate = createTurnGate({ maxPerTurn: 4, targetTurnMs: 5, now: () => (now += 1) });
    expect(await seen(gate, 14)).to.deep.equal([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('halves the callers per turn after a turn that took longer than the target', async () => {
    let step = 1;
    let now = 0;
    const gate = createTurnGate({ maxPerTurn: 4, targetTurnMs: 5, now: () => (now += step) });
    const perTurn = await seen(gate, 14, (current) => {
      if (current === 4) step = 10; // the rows let through now make the next turn long
    });
    expect(perTurn).to.deep.equal([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 2, 2, 1, 1]);
  });

  it('lets callers through in call order', async () => {
    const gate = createTurnGate({ maxPerTurn: 3, targetTurnMs: 5, now: () => 0 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, n) => gate().then(() => order.push(n))));
    expect(order).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
