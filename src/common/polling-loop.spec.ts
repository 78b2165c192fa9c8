import { PollingLoop } from './polling-loop';

describe('PollingLoop', () => {
  it('runs one at a time: a second run() joins the one going', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const loop = new PollingLoop(() => {
      calls++;
      return new Promise<number>((resolve) => (release = () => resolve(calls)));
    }, () => undefined);
    const first = loop.run();
    const second = loop.run();
    release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    // Once a run has ended, run() starts a new one.
    const third = loop.run();
    release();
    expect(await third).toBe(2);
  });

  it('runs on its timer until stopped, reports failures and goes on', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = new PollingLoop(() => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('first run fails')) : Promise.resolve(calls);
    }, (error) => errors.push(error));
    loop.start(1, 0);
    while (calls < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    await loop.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(after);
    expect(loop.stopped).toBe(true);
    expect(errors).toEqual([new Error('first run fails')]);
  });
});
