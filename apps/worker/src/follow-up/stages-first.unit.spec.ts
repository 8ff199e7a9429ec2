import { StagesFirst } from './stages-first';

/** Deliveries wait for the stage jobs of their process, but never longer than the bound. */
describe('stages first, then deliveries', () => {
  afterEach(() => jest.useRealTimers());

  const settled = async (promise: Promise<unknown>): Promise<boolean> => {
    let done = false;
    void promise.then(() => (done = true));
    // Let every pending callback and promise continuation run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    return done;
  };

  it('given no stage job running, a delivery goes at once', async () => {
    await expect(settled(new StagesFirst(10_000).stagesIdle())).resolves.toBe(true);
  });

  it('given two stage jobs running, a delivery waits until the last one settles (also when it fails)', async () => {
    const gate = new StagesFirst(10_000);
    let finishFirst!: () => void;
    let failSecond!: (error: Error) => void;
    const first = gate.stage(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    const second = gate.stage(() => new Promise<void>((_, reject) => (failSecond = reject)));
    const delivery = gate.stagesIdle();
    expect(await settled(delivery)).toBe(false);
    finishFirst();
    await first;
    expect(await settled(delivery)).toBe(false);
    failSecond(new Error('PostgreSQL went away'));
    await expect(second).rejects.toThrow('PostgreSQL went away');
    expect(await settled(delivery)).toBe(true);
  });

  it('given stage jobs that keep running, a delivery goes after the bound', async () => {
    jest.useFakeTimers();
    const gate = new StagesFirst(10_000);
    void gate.stage(() => new Promise(() => undefined));
    const delivery = gate.stagesIdle();
    jest.advanceTimersByTime(9_999);
    expect(await settled(delivery)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(delivery)).toBe(true);
    // Nothing is kept of a delivery that went after its wait.
    expect(gate.waitingDeliveries).toBe(0);
  });
});
