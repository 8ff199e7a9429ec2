import { BatchedRequests } from './batched-requests';

describe('BatchedRequests', () => {
  const inOneTick = () => {
    const sent: number[][] = [];
    const requests = new BatchedRequests<number, string>(
      async (asked) => {
        sent.push(asked);
        if (asked.includes(13)) throw new Error('mười ba');
        return asked.map((n) => `#${n}`);
      },
      (flush) => process.nextTick(flush),
    );
    return { sent, requests };
  };

  it('given requests asked in one tick, when sent, then they go together and each gets its own answer', async () => {
    const { sent, requests } = inOneTick();
    await expect(Promise.all([requests.ask(1), requests.ask(2), requests.ask(3)])).resolves.toEqual(['#1', '#2', '#3']);
    expect(sent).toEqual([[1, 2, 3]]);
    // A request asked after the flush goes in a send of its own.
    await expect(requests.ask(4)).resolves.toBe('#4');
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('given a send that fails, then every request of it fails and the next send is not affected', async () => {
    const { requests } = inOneTick();
    const outcomes = await Promise.allSettled([requests.ask(12), requests.ask(13)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await expect(requests.ask(14)).resolves.toBe('#14');
  });

  it('given a send that throws before it returns a promise, then every request of it fails', async () => {
    const requests = new BatchedRequests<number, number>(
      () => {
        throw new Error('hỏng');
      },
      (flush) => process.nextTick(flush),
    );
    const outcomes = await Promise.allSettled([requests.ask(1), requests.ask(2)]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'ok'))).toEqual(['hỏng', 'hỏng']);
  });
});
