import { lenientInstantMs as instantMs } from './instant-ms';

describe('instantMs', () => {
  it('reads toISOString() instants exactly as Date.parse does', () => {
    const samples = [0, 1, -1, 951_782_400_000, 1_574_360_963_535, 4_102_444_799_999, -62_135_596_800_000, 253_402_300_799_999];
    // Every day of a few leap and common years, at varied times of day.
    for (let day = Date.UTC(1999, 11, 25); day < Date.UTC(2001, 1, 5); day += 86_400_000) samples.push(day + ((day / 86_400_000) % 997) * 86_399);
    for (let day = Date.UTC(2099, 11, 25); day < Date.UTC(2100, 2, 5); day += 86_400_000) samples.push(day + 43_200_123);
    for (const at of samples) {
      const instant = new Date(at).toISOString();
      expect([instant, instantMs(instant)]).toEqual([instant, Date.parse(instant)]);
    }
  });

  it('leaves every other form to Date.parse', () => {
    for (const instant of [
      '2019-11-21T18:29:23.535+00:00',
      '2019-11-22T01:29:23.535+07:00',
      '2019-11-21T18:29:23Z',
      '2019-11-21T18:29:23.5Z',
      '2019-11-21 18:29:23.535Z',
      '2023-02-29T00:00:00.000Z',
      '2019-13-01T00:00:00.000Z',
      '2019-11-21T24:00:00.000Z',
      '2019-11-21T18:60:00.000Z',
      '2019-1x-21T18:29:23.535Z',
      'not an instant at all!!!',
    ]) {
      expect([instant, instantMs(instant)]).toEqual([instant, Date.parse(instant)]);
    }
    expect(instantMs(null)).toBeNaN();
  });
});
