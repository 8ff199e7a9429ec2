import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Actor, loadAppConfig, ManualClock, TokenService } from '@dondoc/platform';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

const PLAN_94 = JSON.parse(readFileSync(join(__dirname, '../fixtures/plan-94-ba-ria-vung-tau-2017.json'), 'utf8')) as Record<string, unknown>;
const PROGRAMME = '94-ba-ria-vung-tau-2017';

const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: 'BCD_PCTP_TINH' };
const admin: Actor = { userId: 'u-quan-tri', role: 'admin', agency: null };
const monitoring: Actor = { userId: 'u-ca-tinh', role: 'monitoring', agency: 'CA_TINH' };
const auditor: Actor = { userId: 'u-thanh-tra', role: 'auditor', agency: null };
const agency: Actor = { userId: 'u-ubnd-huyen', role: 'agency', agency: 'UBND_HUYEN_LONG_DIEN' };

/** Plan 94's nine indicators, each measured exactly at its threshold (so each is met). */
const AT_THRESHOLD: Record<string, number | boolean> = {
  '94-CT-1': 0, // no organised-crime signs (= 0)
  '94-CT-2': 80, // clearance rate ≥ 80%
  '94-CT-3': 95, // very serious crimes ≥ 95%
  '94-CT-4': 100, // 100% of tips handled
  '94-CT-5': 14.9, // recidivism < 15%
  '94-CT-6': true,
  '94-CT-7': 1, // at least one community model
  '94-CT-8': true,
  '94-CT-9': 100, // 100% of households reached
};
const measurements = (overrides: Record<string, number | boolean> = {}) =>
  Object.entries({ ...AT_THRESHOLD, ...overrides }).map(([indicatorId, value]) => ({ indicatorId, value }));
const CONDITIONS = [
  { conditionId: '94-II-4-1', held: true },
  { conditionId: '94-II-4-2', held: true },
];
const FINDINGS = [
  { group: 'criminal', criterionId: '94-TC-a-6', value: 2, note: 'Hai băng, nhóm tội phạm hoạt động kiểu “xã hội đen”' },
  { group: 'drugs', criterionId: '94-TC-b-2', value: 3, note: 'Ba tụ điểm tổ chức sử dụng trái phép chất ma túy' },
  { group: 'economy-environment', criterionId: null, value: null, note: 'Khai thác cát trái phép trên sông Ray' },
  { group: 'other', criterionId: null, value: true, note: null },
];

describe('evaluation over HTTP (plans 94 and 1875)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  const clock = new ManualClock('2018-01-15T02:00:00.000Z');
  const tokens = new Map<Actor, string>();
  let seq = 0;

  const http = () => request(app.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const streamLength = async (streamId: string) =>
    Number((await db.pool.query('SELECT count(*) AS n FROM events WHERE stream_id = $1', [streamId])).rows[0].n);
  const key = () => `e2e-eval-${++seq}-${Date.now()}`;

  const register = (unit: Record<string, unknown>, actor: Actor = admin) => http().post('/evaluation/units').set(auth(actor)).send(unit);
  /** A district with `n` communes: `<id>-c01` is a thị trấn, the rest are xã. */
  async function registerDistrict(districtId: string, name: string, n: number): Promise<string[]> {
    await register({ unitId: districtId, name, level: 'district', kind: 'huyện', parentId: 'brvt' }).expect(201);
    const ids: string[] = [];
    for (let i = 1; i <= n; i++) {
      const unitId = `${districtId}-c${String(i).padStart(2, '0')}`;
      await register({ unitId, name: i === 1 ? `Thị trấn ${name}` : `Xã số ${i} ${name}`, level: 'commune', kind: i === 1 ? 'thị trấn' : 'xã', parentId: districtId }).expect(201);
      ids.push(unitId);
    }
    return ids;
  }
  const select = (communeId: string, year = 2018, actor: Actor = committee) =>
    http().post(`/evaluation/programmes/${PROGRAMME}/selections`).set(auth(actor)).send({ year, communeId, findings: FINDINGS });
  const evaluate = (communeId: string, overrides: Record<string, number | boolean> = {}, year = 2018) =>
    http()
      .post(`/evaluation/programmes/${PROGRAMME}/evaluations`)
      .set(auth(committee))
      .send({ year, communeId, measurements: measurements(overrides), conditions: CONDITIONS });

  beforeAll(async () => {
    db = await createTestDatabase('evaluation_e2e');
    redis = await createTestRedis('evaluation_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), REDIS_PREFIX: redis.prefix });
    app = await createApiApp({ config, clock }, false);
    await app.init();
    const tokenService = app.get(TokenService);
    for (const actor of [committee, admin, monitoring, auditor, agency]) tokens.set(actor, tokenService.issue(actor));
    await register({ unitId: 'brvt', name: 'Bà Rịa - Vũng Tàu', level: 'province', kind: 'tỉnh' }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  beforeEach(() => clock.set('2018-01-15T02:00:00.000Z'));

  it('imports the programme of plan 94 from the fixture once: 9 indicators, 8 needed, cap 15%, goals 60% and 85%', async () => {
    const first = await http().post('/evaluation/programmes/import').set(auth(committee)).send({ plan: PLAN_94 }).expect(201);
    expect(first.body).toEqual({
      streamId: `programme-${PROGRAMME}`,
      streamVersion: 1,
      position: expect.any(Number),
      duplicate: false,
      appended: 1,
      programmeId: PROGRAMME,
    });
    expect(first.body.position).toBeGreaterThan(0);
    const before = await eventCount();
    const again = await http().post('/evaluation/programmes/import').set(auth(committee)).send({ plan: PLAN_94 }).expect(201);
    expect(again.body).toMatchObject({ streamVersion: 1, duplicate: true, appended: 0, position: first.body.position });
    expect(await eventCount()).toBe(before);

    const programme = await http().get(`/evaluation/programmes/${PROGRAMME}`).set(auth(monitoring)).expect(200);
    expect(programme.body).toMatchObject({
      programmeId: PROGRAMME,
      plan: { number: '94/KH-UBND', issuedOn: '2017-09-06' },
      period: { start: '2017-09-06', end: '2020-12-31' },
      transformationYears: 1,
      successRule: { minimumMetPercent: 80, countingBasis: 'atomic_indicators' },
      selectionCap: { maxPercentOfDistrictCommunes: 15, rounding: 'floor' },
      goals: { yearlySuccessPercent: 60, noRelapsePercent: 85 },
      requiredMetCount: 8,
    });
    expect(programme.body.indicators).toHaveLength(9);
    expect(programme.body.criteriaGroups.map((g: { name: string }) => g.name)).toEqual([
      'Nhóm tiêu chí về hình sự',
      'Nhóm tiêu chí về ma túy',
      'Nhóm tiêu chí về kinh tế, môi trường',
      'Các tiêu chí khác',
    ]);
  });

  it('registers districts, communes, wards and towns, and agencies, enterprises and schools; lists them paged, in Vietnamese', async () => {
    await registerDistrict('long-dien', 'Long Điền', 20);
    // Sent decomposed (NFD), stored and returned composed (NFC).
    await register({ unitId: 'phuoc-hung', name: 'Phước Hưng'.normalize('NFD'), level: 'commune', kind: 'xã', parentId: 'brvt' }).expect(201);
    await register({ unitId: 'p-phuoc-trung', name: 'Phường Phước Trung', level: 'commune', kind: 'phường', parentId: 'brvt' }).expect(201);
    for (const [unitId, name, kind] of [
      ['so-tu-phap', 'Sở Tư pháp', 'cơ quan'],
      ['cty-cang-vt', 'Công ty Cổ phần Cảng Vũng Tàu', 'doanh nghiệp'],
      ['thpt-long-dien', 'Trường THPT Long Điền', 'cơ sở giáo dục'],
    ]) {
      await register({ unitId, name, level: 'organisation', kind, parentId: 'brvt' }).expect(201);
    }
    // The same unit again appends nothing; different data under the same id is a conflict.
    const before = await eventCount();
    const same = await register({ unitId: 'so-tu-phap', name: 'Sở Tư pháp', level: 'organisation', kind: 'cơ quan', parentId: 'brvt' }).expect(201);
    expect(same.body).toMatchObject({ appended: 0, unitId: 'so-tu-phap' });
    const changed = await register({ unitId: 'so-tu-phap', name: 'Sở Tư pháp tỉnh', level: 'organisation', kind: 'cơ quan', parentId: 'brvt' }).expect(409);
    expect(changed.body.code).toBe('UNIT_ALREADY_REGISTERED');
    expect(await eventCount()).toBe(before);

    const page = await http().get('/evaluation/units?parentId=long-dien&pageSize=5&page=2').set(auth(auditor)).expect(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 5, total: 20 });
    expect(page.body.items.map((u: { unitId: string }) => u.unitId)).toEqual(['long-dien-c06', 'long-dien-c07', 'long-dien-c08', 'long-dien-c09', 'long-dien-c10']);
    const one = await http().get('/evaluation/units/phuoc-hung').set(auth(committee)).expect(200);
    expect(one.body).toMatchObject({ unitId: 'phuoc-hung', name: 'Phước Hưng', kind: 'xã', existsOn: true, shownAs: { unitId: 'phuoc-hung' }, predecessors: [] });
    expect(one.body.name).toBe('Phước Hưng'.normalize('NFC'));
    const orgs = await http().get('/evaluation/units?level=organisation').set(auth(committee)).expect(200);
    expect(orgs.body.items.map((u: { kind: string }) => u.kind)).toEqual(['cơ quan', 'doanh nghiệp', 'cơ sở giáo dục']);
    await http().get('/evaluation/units/khong-co').set(auth(committee)).expect(404);
  });

  it('a district of 20 communes selects 3 in 2018, not 4: the refusal names the cap and the count, and appends nothing', async () => {
    for (let i = 1; i <= 3; i++) {
      const res = await select(`long-dien-c0${i}`).expect(201);
      expect(res.body).toEqual({
        streamId: 'transformation-long-dien-2018',
        streamVersion: i,
        position: expect.any(Number),
        duplicate: false,
        appended: 1,
        districtId: 'long-dien',
        year: 2018,
        communeId: `long-dien-c0${i}`,
        status: 'selected',
        cap: { percent: 15, communeCount: 20, max: 3, selected: i },
        evaluationDueOn: '2019-01-15',
      });
    }
    const before = await eventCount();
    const fourth = await select('long-dien-c04').expect(409);
    expect(fourth.body).toMatchObject({
      code: 'SELECTION_CAP_REACHED',
      details: { districtId: 'long-dien', year: 2018, cap: 3, selectedCount: 3, communeCount: 20, capPercent: 15 },
    });
    expect(fourth.body.message).toBe(
      'Huyện Long Điền đã chọn 3/3 địa bàn chuyển hóa năm 2018: tối đa 15% của 20 đơn vị cấp xã là 3 (làm tròn xuống); không thể chọn thêm long-dien-c04',
    );
    expect(await eventCount()).toBe(before);

    // The findings of the four groups are recorded with the selection, with who and when.
    const stream = await http().get('/streams/transformation-long-dien-2018/events').set(auth(auditor)).expect(200);
    expect(stream.body.events[0]).toMatchObject({
      type: 'CommuneSelectedForTransformation',
      data: { communeId: 'long-dien-c01', communeName: 'Thị trấn Long Điền', communeKind: 'thị trấn', findings: FINDINGS, cap: 3, communeCount: 20 },
      metadata: { actor: 'u-bcd', role: 'committee', occurredAt: '2018-01-15T02:00:00.000Z' },
    });
  });

  it('two selections at once in a district at its cap: exactly one is refused with the cap and the count; one event is appended', async () => {
    for (const [districtId, name] of [
      ['dat-do', 'Đất Đỏ'],
      ['xuyen-moc', 'Xuyên Mộc'],
      ['chau-duc', 'Châu Đức'],
    ]) {
      const ids = await registerDistrict(districtId, name, 20);
      await select(ids[0]).expect(201);
      await select(ids[1]).expect(201);
      const before = await eventCount();
      const [a, b] = await Promise.all([select(ids[2]), select(ids[3])]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const refused = a.status === 409 ? a : b;
      expect(refused.body).toMatchObject({ code: 'SELECTION_CAP_REACHED', details: { cap: 3, selectedCount: 3, communeCount: 20 } });
      expect(refused.body.message).toContain('đã chọn 3/3 địa bàn chuyển hóa năm 2018: tối đa 15% của 20 đơn vị cấp xã là 3');
      expect(await eventCount()).toBe(before + 1);
      expect(await streamLength(`transformation-${districtId}-2018`)).toBe(3);
    }
  });

  it('evaluates at the end of the year by the rule: 9/9 and 8/9 succeed, 7/9 fails; each indicator met or not is answered', async () => {
    const early = await evaluate('long-dien-c01').expect(422);
    expect(early.body).toMatchObject({ code: 'EVALUATION_NOT_DUE', details: { dueOn: '2019-01-15' } });

    clock.set('2019-01-15T02:00:00.000Z');
    const all = await evaluate('long-dien-c01').expect(201);
    expect(all.body).toMatchObject({
      streamId: 'transformation-long-dien-2018',
      streamVersion: 5,
      appended: 2,
      status: 'succeeded',
      outcome: { metCount: 9, indicatorCount: 9, requiredMetCount: 8, minimumMetPercent: 80, reasons: [] },
    });
    // Recidivism at 15% is not "< 15%": 8 of 9 (88.9%) still succeeds.
    const eight = await evaluate('long-dien-c02', { '94-CT-5': 15 }).expect(201);
    expect(eight.body).toMatchObject({ status: 'succeeded', outcome: { metCount: 8, reasons: [] } });
    expect(eight.body.outcome.metIndicatorIds).not.toContain('94-CT-5');
    expect(eight.body.outcome.results.find((r: { indicatorId: string }) => r.indicatorId === '94-CT-5')).toEqual({
      indicatorId: '94-CT-5',
      comparator: '<',
      threshold: 15,
      unit: 'percent',
      value: 15,
      met: false,
    });
    // Clearance 79.9% (< 80%) and recidivism 15%: 7 of 9 (77.8%) fails.
    const seven = await evaluate('long-dien-c03', { '94-CT-2': 79.9, '94-CT-5': 15 }).expect(201);
    expect(seven.body).toMatchObject({ status: 'failed', outcome: { metCount: 7, requiredMetCount: 8, reasons: ['INDICATORS_BELOW_THRESHOLD'] } });

    const before = await eventCount();
    expect((await evaluate('long-dien-c01').expect(409)).body.code).toBe('COMMUNE_ALREADY_EVALUATED');
    expect((await evaluate('long-dien-c04').expect(404)).body.code).toBe('COMMUNE_NOT_SELECTED');
    expect(await eventCount()).toBe(before);
    // A success left the list: it cannot be selected again; the cap of 2019 is a new count.
    clock.set('2019-02-01T02:00:00.000Z');
    expect((await select('long-dien-c01', 2019).expect(409)).body.code).toBe('COMMUNE_ALREADY_TRANSFORMED');
    await select('long-dien-c03', 2019).expect(201);
  });

  it('records a relapse of a transformed commune; a failed one cannot relapse', async () => {
    clock.set('2019-06-01T02:00:00.000Z');
    const relapse = (communeId: string) =>
      http()
        .post(`/evaluation/programmes/${PROGRAMME}/relapses`)
        .set(auth(committee))
        .send({ year: 2018, communeId, reason: 'Tụ điểm ma túy hoạt động trở lại', findings: [{ group: 'drugs', criterionId: '94-TC-b-2', value: 1 }] });
    const res = await relapse('long-dien-c01').expect(201);
    expect(res.body).toMatchObject({ streamId: 'transformation-long-dien-2018', status: 'relapsed', appended: 1 });
    expect((await relapse('long-dien-c03').expect(409)).body.code).toBe('COMMUNE_NOT_TRANSFORMED');
    expect((await relapse('long-dien-c01').expect(409)).body.code).toBe('COMMUNE_ALREADY_RELAPSED');
  });

  it('shows per district and year: selected against the cap, evaluated, succeeded, failed, relapsed, both rates against their goals', async () => {
    clock.set('2019-12-31T02:00:00.000Z');
    const url = `/evaluation/programmes/${PROGRAMME}/districts/long-dien/statistics`;
    const now = await http().get(`${url}?year=2018`).set(auth(monitoring)).expect(200);
    const district = now.body.districts[0];
    expect(district).toMatchObject({
      streamId: 'transformation-long-dien-2018',
      streamVersion: 10,
      cap: { percent: 15, communeCount: 20, max: 3, selected: 3, remaining: 0 },
      counts: { selected: 3, evaluated: 3, pending: 0, succeeded: 2, failed: 1, relapsed: 1 },
      // 2 of 3 = 66.7% ≥ 60%; of the 2 transformed, 1 relapsed: 50% < 85%.
      successRate: { percent: 66.7, goalPercent: 60, status: 'met' },
      noRelapseRate: { percent: 50, goalPercent: 85, status: 'not_met' },
    });
    expect(district.communes.map((c: { commune: { unit: { name: string } }; status: string; onList: boolean }) => [c.commune.unit.name, c.status, c.onList])).toEqual([
      ['Thị trấn Long Điền', 'relapsed', true],
      ['Xã số 2 Long Điền', 'succeeded', false],
      ['Xã số 3 Long Điền', 'failed', true],
    ]);
    expect(now.body.totals.counts).toMatchObject({ selected: 3, succeeded: 2, failed: 1, relapsed: 1 });

    // As of the end of 2018 nothing was evaluated yet: the success goal is still open.
    const asOf2018 = await http().get(`${url}?year=2018&asOf=2018-12-31`).set(auth(auditor)).expect(200);
    expect(asOf2018.body.districts[0].counts).toMatchObject({ selected: 3, evaluated: 0, pending: 3, succeeded: 0, relapsed: 0 });
    expect(asOf2018.body.districts[0].successRate.status).toBe('pending');

    // The province's year: one row per district, totals against the goals.
    const year = await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=2018`).set(auth(committee)).expect(200);
    expect(year.body.rows.map((r: { shownAs: { name: string } }) => r.shownAs.name).sort()).toEqual(['Châu Đức', 'Long Điền', 'Xuyên Mộc', 'Đất Đỏ'].sort());
    expect(year.body.totals).toMatchObject({ cap: { max: 12, selected: 12 }, counts: { selected: 12, evaluated: 3, succeeded: 2, failed: 1, relapsed: 1, pending: 9 } });
    expect(year.body.totals.successRate).toMatchObject({ percent: 16.7, goalPercent: 60, status: 'pending' });
  });

  it('a programme defined over HTTP: 4 of 5 indicators (exactly 80%) succeed, 3 of 5 fail', async () => {
    const definition = {
      programmeId: 'thu-nghiem-5',
      plan: { number: '12/KH-BCĐ', issuedOn: '2018-01-02', title: 'Thí điểm chuyển hóa địa bàn' },
      period: { start: '2018-01-02', end: '2019-12-31' },
      transformationYears: 1,
      indicators: [1, 2, 3, 4, 5].map((i) => ({ indicatorId: `TN-${i}`, text: `Chỉ tiêu ${i}`, comparator: '>=', threshold: 50, unit: 'percent' })),
      successRule: { minimumMetPercent: 80, countingBasis: 'atomic_indicators', requiredConditions: [] },
      selectionCap: { maxPercentOfDistrictCommunes: 15, rounding: 'floor' },
      goals: { yearlySuccessPercent: 60, noRelapsePercent: 85 },
      criteriaGroups: [],
    };
    const defined = await http().post('/evaluation/programmes').set(auth(committee)).set('If-Match', '0').send(definition).expect(201);
    expect(defined.body).toMatchObject({ programmeId: 'thu-nghiem-5', streamId: 'programme-thu-nghiem-5', streamVersion: 1, appended: 1 });
    const ids = await registerDistrict('tan-thanh', 'Tân Thành', 14); // floor(2.1) = 2
    const pick = (communeId: string) =>
      http()
        .post('/evaluation/programmes/thu-nghiem-5/selections')
        .set(auth(committee))
        .send({ year: 2018, communeId, findings: [{ group: 'other', note: 'Phức tạp về trật tự' }] });
    expect((await pick(ids[0]).expect(201)).body.cap).toEqual({ percent: 15, communeCount: 14, max: 2, selected: 1 });
    await pick(ids[1]).expect(201);
    expect((await pick(ids[2]).expect(409)).body.details).toMatchObject({ cap: 2, selectedCount: 2, communeCount: 14 });
    clock.set('2019-01-15T02:00:00.000Z');
    const measure = (communeId: string, met: number) =>
      http()
        .post('/evaluation/programmes/thu-nghiem-5/evaluations')
        .set(auth(committee))
        .send({ year: 2018, communeId, measurements: [1, 2, 3, 4, 5].map((i) => ({ indicatorId: `TN-${i}`, value: i <= met ? 50 : 49.9 })) });
    expect((await measure(ids[0], 4).expect(201)).body).toMatchObject({ status: 'succeeded', outcome: { metCount: 4, indicatorCount: 5, requiredMetCount: 4 } });
    expect((await measure(ids[1], 3).expect(201)).body).toMatchObject({ status: 'failed', outcome: { metCount: 3, reasons: ['INDICATORS_BELOW_THRESHOLD'] } });
  });

  it('classifies the movement and recognises model units only where eligible, warning about each missing category', async () => {
    clock.set('2023-12-01T02:00:00.000Z');
    const classify = (unitId: string, rating: string, safe: boolean) =>
      http().post('/evaluation/movement/classifications').set(auth(committee)).send({ year: 2023, unitId, rating, safe });
    const recognise = (unitId: string) =>
      http().post('/evaluation/model-units').set(auth(committee)).send({ year: 2023, unitId, decision: 'Quyết định số 12/QĐ-BCĐ ngày 01/12/2023' });

    expect((await classify('phuoc-hung', 'khá', true).expect(201)).body).toMatchObject({ streamId: 'movement-2023', appended: 1 });
    await classify('long-dien-c01', 'xuất sắc', false).expect(201); // thị trấn, not rated safe
    await classify('so-tu-phap', 'trung bình', true).expect(201);
    await classify('thpt-long-dien', 'khá', true).expect(201);
    expect((await classify('long-dien', 'khá', true).expect(422)).body.code).toBe('UNIT_NOT_EVALUABLE');

    const first = await recognise('phuoc-hung').expect(201);
    expect(first.body.warnings.map((w: { code: string }) => w.code)).toEqual(['NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION']);
    expect(first.body.warnings[0].message).toContain('chưa có phường hoặc thị trấn điển hình');

    const before = await eventCount();
    const unsafe = await recognise('long-dien-c01').expect(422);
    expect(unsafe.body).toMatchObject({ code: 'MODEL_UNIT_NOT_ELIGIBLE', details: { reasons: ['chưa đạt tiêu chuẩn "An toàn về an ninh, trật tự"'] } });
    const average = await recognise('so-tu-phap').expect(422);
    expect(average.body.details.reasons).toEqual(['phong trào xếp loại "trung bình", dưới "khá"']);
    expect(await eventCount()).toBe(before);

    const school = await recognise('thpt-long-dien').expect(201);
    expect(school.body.warnings.map((w: { code: string }) => w.code)).toEqual(['NO_MODEL_WARD_OR_TOWN']);

    const figures = await http().get('/evaluation/model-units?year=2023').set(auth(auditor)).expect(200);
    expect(figures.body.provinces).toHaveLength(1);
    expect(figures.body.provinces[0]).toMatchObject({ classified: 4, byCategory: { commune: 1, ward_or_town: 0, organisation: 1 } });
    expect(figures.body.provinces[0].recognised.map((r: { unit: { unit: { name: string } } }) => r.unit.unit.name)).toEqual(['Phước Hưng', 'Trường THPT Long Điền']);
    expect(figures.body.warnings.map((w: { code: string }) => w.code)).toEqual(['NO_MODEL_WARD_OR_TOWN']);
    const earlier = await http().get('/evaluation/model-units?year=2023&asOf=2023-11-30').set(auth(auditor)).expect(200);
    expect(earlier.body.warnings.map((w: { code: string }) => w.code)).toEqual(['NO_MODEL_COMMUNE', 'NO_MODEL_WARD_OR_TOWN', 'NO_MODEL_ORGANISATION']);
  });

  it('the reform of 1 July 2025: current figures show the successor, figures as of an earlier date the original unit; nothing is rewritten', async () => {
    clock.set('2025-06-20T02:00:00.000Z');
    const transformationBefore = await http().get('/streams/transformation-long-dien-2018/events').set(auth(auditor)).expect(200);
    const reform = {
      reorganisationId: 'sap-xep-2025-07-01',
      effectiveOn: '2025-07-01',
      basis: 'Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội; Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã',
      newUnits: [{ unitId: 'xa-long-dien-moi', name: 'Xã Long Điền', level: 'commune', kind: 'xã', parentId: 'brvt' }],
      successions: [
        { unitId: 'long-dien', successorId: 'brvt' },
        { unitId: 'long-dien-c01', successorId: 'xa-long-dien-moi' },
        { unitId: 'long-dien-c02', successorId: 'xa-long-dien-moi' },
      ],
    };
    const recorded = await http().post('/evaluation/reorganisations').set(auth(admin)).send(reform).expect(201);
    expect(recorded.body).toMatchObject({ streamId: 'administrative-units', appended: 2 });
    const again = await http().post('/evaluation/reorganisations').set(auth(admin)).send(reform).expect(201);
    expect(again.body.appended).toBe(0);

    clock.set('2025-08-01T02:00:00.000Z');
    const url = `/evaluation/programmes/${PROGRAMME}/districts/long-dien/statistics?year=2018`;
    const current = await http().get(url).set(auth(committee)).expect(200);
    expect(current.body.unit).toMatchObject({ unit: { unitId: 'long-dien', name: 'Long Điền' }, shownAs: { unitId: 'brvt', name: 'Bà Rịa - Vũng Tàu' }, reorganised: true });
    expect(current.body.districts[0].communes.map((c: { commune: { shownAs: { name: string } } }) => c.commune.shownAs.name)).toEqual([
      'Xã Long Điền',
      'Xã Long Điền',
      'Xã số 3 Long Điền',
    ]);
    const original = await http().get(`${url}&asOf=2025-06-30`).set(auth(committee)).expect(200);
    expect(original.body.unit).toMatchObject({ shownAs: { unitId: 'long-dien', name: 'Long Điền' }, reorganised: false });
    expect(original.body.districts[0].communes.map((c: { commune: { shownAs: { name: string } } }) => c.commune.shownAs.name)).toEqual([
      'Thị trấn Long Điền',
      'Xã số 2 Long Điền',
      'Xã số 3 Long Điền',
    ]);
    expect(current.body.totals.counts).toEqual(original.body.totals.counts);

    // Year figures: after the reform the abolished districts are gathered under their successor.
    const year = await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=2018`).set(auth(committee)).expect(200);
    expect(year.body.rows.map((r: { shownAs: { unitId: string } }) => r.shownAs.unitId)).toContain('brvt');
    const yearBefore = await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=2018&asOf=2025-06-30`).set(auth(committee)).expect(200);
    expect(yearBefore.body.rows.map((r: { shownAs: { unitId: string } }) => r.shownAs.unitId)).toContain('long-dien');

    const unit = await http().get('/evaluation/units/long-dien-c01').set(auth(committee)).expect(200);
    expect(unit.body).toMatchObject({ existsOn: false, validUntil: '2025-07-01', successorId: 'xa-long-dien-moi', shownAs: { unitId: 'xa-long-dien-moi', name: 'Xã Long Điền' } });
    const successor = await http().get('/evaluation/units/xa-long-dien-moi').set(auth(committee)).expect(200);
    expect(successor.body.predecessors.map((u: { unitId: string }) => u.unitId).sort()).toEqual(['long-dien-c01', 'long-dien-c02']);
    const asOfBefore = await http().get('/evaluation/units/long-dien-c01?asOf=2025-06-30').set(auth(committee)).expect(200);
    expect(asOfBefore.body).toMatchObject({ existsOn: true, shownAs: { unitId: 'long-dien-c01', name: 'Thị trấn Long Điền' } });

    const transformationAfter = await http().get('/streams/transformation-long-dien-2018/events').set(auth(auditor)).expect(200);
    expect(transformationAfter.body).toEqual(transformationBefore.body);
    // The district no longer exists: no commune of it can be selected.
    expect((await select('long-dien-c05', 2020).expect(422)).body).toMatchObject({ code: 'UNIT_NOT_ACTIVE' });
  });

  it('Idempotency-Key replays the first answer and If-Match refuses a stale version; neither appends', async () => {
    const ids = await registerDistrict('con-dao', 'Côn Đảo', 7); // floor(1.05) = 1
    const idempotencyKey = key();
    const first = await http()
      .post(`/evaluation/programmes/${PROGRAMME}/selections`)
      .set(auth(committee))
      .set('Idempotency-Key', idempotencyKey)
      .send({ year: 2018, communeId: ids[0], findings: FINDINGS })
      .expect(201);
    const before = await eventCount();
    const replay = await http()
      .post(`/evaluation/programmes/${PROGRAMME}/selections`)
      .set(auth(committee))
      .set('Idempotency-Key', idempotencyKey)
      .send({ year: 2018, communeId: ids[0], findings: FINDINGS })
      .expect(201);
    expect(replay.body).toEqual({ ...first.body, duplicate: true, appended: 0 });
    const stale = await http()
      .post(`/evaluation/programmes/${PROGRAMME}/selections`)
      .set(auth(committee))
      .set('If-Match', '"0"')
      .send({ year: 2018, communeId: ids[1], findings: FINDINGS })
      .expect(409);
    expect(stale.body.code).toBe('WRONG_EXPECTED_VERSION');
    expect(await eventCount()).toBe(before);
  });

  it('refuses bad payloads with a 400 naming every bad field, and appends nothing', async () => {
    const before = await eventCount();
    const fieldsOf = (res: request.Response) => res.body.details.fields.map((f: { field: string }) => f.field);

    const unknownAndBad = await http()
      .post(`/evaluation/programmes/${PROGRAMME}/selections`)
      .set(auth(committee))
      .send({ year: '2018', communeId: 'có dấu', findings: [{ group: 'ma-tuy', value: 'nhiều' }], approvedBy: 'ai đó' })
      .expect(400);
    expect(unknownAndBad.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(unknownAndBad)).toEqual(expect.arrayContaining(['year', 'communeId', 'findings[0].group', 'findings[0].value', 'approvedBy']));
    expect(unknownAndBad.body.details.fields.find((f: { field: string }) => f.field === 'year').problems).toContain('year phải là số nguyên');

    const noFindings = await http()
      .post(`/evaluation/programmes/${PROGRAMME}/selections`)
      .set(auth(committee))
      .send({ year: 2018, communeId: 'long-dien-c10', findings: [] })
      .expect(400);
    expect(fieldsOf(noFindings)).toEqual(['findings']);

    const missing = await http()
      .post(`/evaluation/programmes/${PROGRAMME}/evaluations`)
      .set(auth(committee))
      .send({ year: 2018, communeId: 'dat-do-c01', measurements: [{ indicatorId: '94-CT-6', value: 1 }, { indicatorId: '94-CT-99', value: 2 }] })
      .expect(400);
    expect(fieldsOf(missing)).toEqual(['measurements[0].value', 'measurements[1].indicatorId', 'measurements', 'conditions']);

    const badUnit = await register({ unitId: 'x-1', name: '', level: 'commune', kind: 'huyện', parentId: 'long-dien', validFrom: '2023-02-29' }).expect(400);
    expect(fieldsOf(badUnit).sort()).toEqual(['name', 'validFrom']);
    // A kind of another level passes the list of kinds and is refused by the registry's rules, by name.
    const wrongKind = await register({ unitId: 'x-2', name: 'Xã X', level: 'commune', kind: 'huyện', parentId: 'dat-do' }).expect(400);
    expect(fieldsOf(wrongKind)).toEqual(['kind']);
    // Dates keep to the years 1900–2100, as in tasking.
    const farFuture = await register({ unitId: 'x-4', name: 'Xã Tư', level: 'commune', kind: 'xã', parentId: 'dat-do', validFrom: '2999-01-01' }).expect(400);
    expect(fieldsOf(farFuture)).toEqual(['validFrom']);
    expect(farFuture.body.message).toContain('validFrom');

    const badReform = await http()
      .post('/evaluation/reorganisations')
      .set(auth(admin))
      .send({ reorganisationId: 'r-2', effectiveOn: '2026-13-01', basis: 'x', successions: [{ unitId: 'ghost', successorId: 'nowhere' }] })
      .expect(400);
    expect(fieldsOf(badReform)).toEqual(['effectiveOn']);

    const badFixture = JSON.parse(JSON.stringify(PLAN_94));
    badFixture.indicators[1].comparator = '≈';
    badFixture.selection.cap.max_count_formula = 'round(0.15 * N)';
    const importBad = await http().post('/evaluation/programmes/import').set(auth(committee)).send({ plan: badFixture }).expect(400);
    expect(importBad.body.code).toBe('PLAN_FIXTURE_INVALID');
    expect(fieldsOf(importBad).sort()).toEqual(['indicators[1].comparator', 'selection.cap.max_count_formula']);
    // Free-form JSON too: a NUL (which jsonb refuses) is named by its path, before anything runs.
    const nulFixture = JSON.parse(JSON.stringify(PLAN_94));
    nulFixture.document.title_vi = 'THỰC HIỆN ĐỀ ÁN\u0000';
    const importNul = await http().post('/evaluation/programmes/import').set(auth(committee)).send({ plan: nulFixture }).expect(400);
    expect(importNul.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(importNul)).toEqual(['plan.document.title_vi']);

    const badQuery = await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=hai&asOf=2018-02-30&x=1`).set(auth(committee)).expect(400);
    expect(fieldsOf(badQuery)).toEqual(expect.arrayContaining(['year', 'asOf', 'x']));
    await http().get(`/evaluation/programmes/${encodeURIComponent('không-hợp-lệ')}/statistics?year=2018`).set(auth(committee)).expect(400);
    await http().post('/evaluation/units').set(auth(admin)).set('Content-Type', 'application/json').send('{"unitId": ').expect(400);
    expect(await eventCount()).toBe(before);
  });

  it('refuses roles that may not act: auditors and agency officers write nothing, agency officers read nothing', async () => {
    const before = await eventCount();
    const auditorSelects = await select('long-dien-c10', 2018, auditor).expect(403);
    expect(auditorSelects.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    await select('long-dien-c10', 2018, agency).expect(403);
    await select('long-dien-c10', 2018, admin).expect(403);
    await select('long-dien-c10', 2018, monitoring).expect(403);
    await register({ unitId: 'x-3', name: 'Xã Ba', level: 'commune', kind: 'xã', parentId: 'brvt' }, agency).expect(403);
    await register({ unitId: 'x-3', name: 'Xã Ba', level: 'commune', kind: 'xã', parentId: 'brvt' }, auditor).expect(403);
    await http().post('/evaluation/programmes/import').set(auth(admin)).send({ plan: PLAN_94 }).expect(403);
    await http().post('/evaluation/model-units').set(auth(auditor)).send({ year: 2023, unitId: 'phuoc-hung' }).expect(403);
    await http().post('/evaluation/movement/classifications').set(auth(agency)).send({ year: 2023, unitId: 'phuoc-hung', rating: 'khá', safe: true }).expect(403);
    await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=2018`).set(auth(agency)).expect(403);
    await http().get('/evaluation/units').set(auth(agency)).expect(403);
    await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=2018`).expect(401);
    expect(await eventCount()).toBe(before);
    // Reading is open to the committee, the monitoring agency, auditors and admins.
    for (const reader of [committee, monitoring, auditor, admin]) {
      await http().get(`/evaluation/programmes/${PROGRAMME}/statistics?year=2018`).set(auth(reader)).expect(200);
    }
  });

  it('documents every evaluation route in OpenAPI', async () => {
    const doc = await http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/evaluation')).sort()).toEqual([
      '/evaluation/model-units',
      '/evaluation/movement/classifications',
      '/evaluation/programmes',
      '/evaluation/programmes/import',
      '/evaluation/programmes/{programmeId}',
      '/evaluation/programmes/{programmeId}/districts/{unitId}/statistics',
      '/evaluation/programmes/{programmeId}/evaluations',
      '/evaluation/programmes/{programmeId}/relapses',
      '/evaluation/programmes/{programmeId}/selections',
      '/evaluation/programmes/{programmeId}/statistics',
      '/evaluation/reorganisations',
      '/evaluation/units',
      '/evaluation/units/{unitId}',
    ]);
    expect(doc.body.paths['/evaluation/programmes/{programmeId}/selections'].post.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Idempotency-Key', 'If-Match']),
    );
  });
});
