import { Queryable } from '@dondoc/event-store';
import { runShared, SharedWork } from './table-buffer';

/** A writer the work is handed to: runShared only hands it over, so any object will do. */
const writer = (name: string) => ({ name }) as unknown as Queryable & { name: string };

/** Work that runs until it is let go, logging when it starts and ends and on which writer. */
function gated(name: string, log: string[], after?: SharedWork[]): SharedWork & { release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    after,
    release: () => release(),
    run: async (w) => {
      log.push(`${name} starts on ${(w as unknown as { name: string }).name}`);
      await gate;
      log.push(`${name} ends`);
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runShared', () => {
  it('starts work only after the work it follows, while the other writer takes what is ready', async () => {
    const log: string[] = [];
    const copy = gated('copy', log);
    const other = gated('other copy', log);
    const index = gated('index', log, [copy]);
    const running = runShared([writer('w1'), writer('w2')], [copy, index, other]);
    await tick();
    // The index waits on the copy: the second writer takes the work after it in the list.
    expect(log).toEqual(['copy starts on w1', 'other copy starts on w2']);
    other.release();
    await tick();
    expect(log).toEqual(['copy starts on w1', 'other copy starts on w2', 'other copy ends']);
    copy.release();
    await tick();
    expect(log.slice(3)).toEqual(['copy ends', expect.stringMatching(/^index starts on w[12]$/)]);
    index.release();
    await running;
    expect(log).toHaveLength(6);
  });

  it('takes no more work after a failure, and fails with it', async () => {
    const log: string[] = [];
    const slow = gated('slow', log);
    const failing: SharedWork = {
      run: async () => {
        throw new Error('bảng hỏng');
      },
    };
    const later = gated('later', log);
    const running = runShared([writer('w1'), writer('w2')], [slow, failing, later]);
    await tick();
    slow.release();
    await expect(running).rejects.toThrow('bảng hỏng');
    expect(log).toEqual(['slow starts on w1', 'slow ends']);
  });

  it('refuses work that waits on work it was not given, instead of waiting forever', async () => {
    const missing = gated('missing', []);
    const orphan = gated('orphan', [], [missing]);
    await expect(runShared([writer('w1')], [orphan])).rejects.toThrow(/not in the list/);
  });
});
