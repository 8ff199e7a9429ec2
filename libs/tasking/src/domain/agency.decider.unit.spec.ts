import { spec } from '@dondoc/event-store/testing';
import { Actor } from '@dondoc/platform/auth/actor';
import { agencyDecider } from './agency.decider';
import { RegisterAgency } from './agency.commands';
import { agencyRegistered } from './agency.events';

const NOW = '2019-11-21T01:00:00.000Z';
const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };

const register = (data: Partial<RegisterAgency['data']> = {}, actor: Actor = admin): RegisterAgency => ({
  type: 'RegisterAgency',
  data: {
    code: 'CA_TINH',
    nameVi: 'Công an tỉnh',
    nameEn: 'Provincial Police',
    level: 'province',
    kind: 'police',
    collective: false,
    ...data,
  },
  metadata: { actor, now: NOW },
});

const registered = agencyRegistered({
  code: 'CA_TINH',
  nameVi: 'Công an tỉnh',
  nameEn: 'Provincial Police',
  level: 'province',
  kind: 'police',
  collective: false,
  registeredAt: NOW,
});

describe('agency decider', () => {
  it('registers an agency', () => {
    spec(agencyDecider).given([]).when(register()).then([registered]);
  });

  it('registers a collective addressee as an agency of its own', () => {
    const [event] = spec(agencyDecider)
      .given([])
      .when(register({ code: 'UBND_HUYEN', nameVi: 'Ủy ban nhân dân huyện, thành phố', level: 'district', kind: 'committee', collective: true }))
      .events();
    expect(event.data).toMatchObject({ code: 'UBND_HUYEN', collective: true });
  });

  it('refuses to register the same code twice', () => {
    spec(agencyDecider).given([registered]).when(register()).thenThrows('AGENCY_ALREADY_REGISTERED');
  });

  it('refuses a malformed code, an empty name, an unknown level or kind', () => {
    spec(agencyDecider).given([]).when(register({ code: 'ca tinh' })).thenThrows('AGENCY_CODE_INVALID');
    spec(agencyDecider).given([]).when(register({ nameVi: '' })).thenThrows('TEXT_REQUIRED');
    spec(agencyDecider).given([]).when(register({ level: 'galaxy' as 'central' })).thenThrows('AGENCY_LEVEL_INVALID');
    spec(agencyDecider).given([]).when(register({ kind: 'club' as 'police' })).thenThrows('AGENCY_KIND_INVALID');
  });

  it('is for administrators, the committee and the system', () => {
    for (const role of ['committee', 'system'] as const) {
      spec(agencyDecider).given([]).when(register({}, { userId: role, role, agency: null })).then([registered]);
    }
    for (const role of ['agency', 'auditor', 'monitoring'] as const) {
      spec(agencyDecider).given([]).when(register({}, { userId: role, role, agency: 'CA_TINH' })).thenThrows('ROLE_NOT_ALLOWED');
    }
  });
});
