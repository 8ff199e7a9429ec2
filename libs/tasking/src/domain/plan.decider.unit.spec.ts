import { spec } from '@dondoc/event-store/testing';
import { Actor } from '@dondoc/platform/auth/actor';
import { planDecider } from './plan.decider';
import { IssuePlan } from './plan.commands';
import { planIssued } from './plan.events';

const NOW = '2019-11-21T01:00:00.000Z';
const committee: Actor = { userId: 'u-committee', role: 'committee', agency: null };

const issue = (data: Partial<IssuePlan['data']> = {}, actor: Actor = committee): IssuePlan => ({
  type: 'IssuePlan',
  data: {
    planId: 'p-118',
    number: '118/KH-UBND',
    issuerAgency: 'UBND_TINH',
    issuedOn: '2019-11-21',
    title: 'Bảo đảm an ninh, trật tự dịp Tết Canh Tý',
    period: { start: '2019-11-21', end: '2020-04-22' },
    objectives: ['Bảo vệ tuyệt đối an toàn dịp Tết'],
    monitoringAgency: 'CA_TINH',
    defaultReportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
    ...data,
  },
  metadata: { actor, now: NOW },
});

const issued = planIssued({
  planId: 'p-118',
  number: '118/KH-UBND',
  issuerAgency: 'UBND_TINH',
  issuedOn: '2019-11-21',
  title: 'Bảo đảm an ninh, trật tự dịp Tết Canh Tý',
  period: { start: '2019-11-21', end: '2020-04-22' },
  objectives: ['Bảo vệ tuyệt đối an toàn dịp Tết'],
  monitoringAgency: 'CA_TINH',
  defaultReportingSchedule: { kind: 'monthly', day: 20, relation: 'on' },
  issuedAt: NOW,
});

describe('plan decider', () => {
  it('issues a plan', () => {
    spec(planDecider).given([]).when(issue()).then([issued]);
  });

  it('accepts a plan without an end date or a default schedule', () => {
    const [event] = spec(planDecider)
      .given([])
      .when(issue({ period: { start: '2023-03-15', end: null }, defaultReportingSchedule: null }))
      .events();
    expect(event.data).toMatchObject({ period: { start: '2023-03-15', end: null }, defaultReportingSchedule: null });
  });

  it('refuses to issue the same plan twice', () => {
    spec(planDecider).given([issued]).when(issue()).thenThrows('PLAN_ALREADY_ISSUED');
  });

  it('refuses a period that ends before it starts, and malformed dates', () => {
    spec(planDecider).given([]).when(issue({ period: { start: '2020-04-22', end: '2019-11-21' } })).thenThrows('PLAN_PERIOD_INVALID');
    spec(planDecider).given([]).when(issue({ issuedOn: '2019-11-31' })).thenThrows('DATE_INVALID');
    spec(planDecider).given([]).when(issue({ period: { start: '', end: null } })).thenThrows('DATE_INVALID');
  });

  it('refuses an empty number or title, a malformed agency code, a bad default schedule', () => {
    spec(planDecider).given([]).when(issue({ number: '' })).thenThrows('TEXT_REQUIRED');
    spec(planDecider).given([]).when(issue({ title: ' ' })).thenThrows('TEXT_REQUIRED');
    spec(planDecider).given([]).when(issue({ monitoringAgency: 'ca' })).thenThrows('AGENCY_CODE_INVALID');
    spec(planDecider)
      .given([])
      .when(issue({ defaultReportingSchedule: { kind: 'monthly', day: 0, relation: 'on' } }))
      .thenThrows('REPORTING_SCHEDULE_INVALID');
  });

  it('is for the committee and the system only', () => {
    spec(planDecider).given([]).when(issue({}, { userId: 'system', role: 'system', agency: null })).then([issued]);
    for (const role of ['agency', 'auditor', 'monitoring', 'admin'] as const) {
      spec(planDecider).given([]).when(issue({}, { userId: role, role, agency: 'CA_TINH' })).thenThrows('ROLE_NOT_ALLOWED');
    }
  });
});
