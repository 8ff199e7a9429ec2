import { Decider } from '@dondoc/event-store/decider/decider';
import { assertFollowUpRole } from './authorization';
import { SetAgencyContacts } from './follow-up.commands';
import { FollowUpErrors } from './follow-up.errors';
import { AgencyContactsSet, agencyContactsSet, AgencyContactsSetData } from './follow-up.events';
import { AGENCY_CODE_PATTERN } from './reminder-stages.decider';
import { AgencyContacts } from './stage-firing';

export type ContactsState = { status: 'none' } | ({ status: 'set' } & AgencyContactsSetData);

/** Plain enough to catch typing mistakes; the SMTP server has the last word. */
const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_URL_LENGTH = 2_000;

function email(field: string, value: string | null): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  if (trimmed.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(trimmed)) throw FollowUpErrors.emailInvalid(field);
  return trimmed;
}

function webhookUrl(value: string | null): string | null {
  if (value === null || value === undefined) return null;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw FollowUpErrors.webhookUrlInvalid();
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || String(value).length > MAX_URL_LENGTH) {
    throw FollowUpErrors.webhookUrlInvalid();
  }
  return url.toString();
}

export function decideContacts(command: SetAgencyContacts, state: ContactsState): AgencyContactsSet[] {
  assertFollowUpRole(command.metadata.actor, 'SetAgencyContacts');
  const { data } = command;
  if (typeof data.agency !== 'string' || !AGENCY_CODE_PATTERN.test(data.agency)) {
    throw FollowUpErrors.agencyCodeInvalid('agency', data.agency);
  }
  const url = webhookUrl(data.webhookUrl);
  const sealed =
    data.webhookSecretSealed === undefined ? (state.status === 'set' ? state.webhookSecretSealed : null) : data.webhookSecretSealed;
  if (url !== null && sealed === null) throw FollowUpErrors.webhookSecretRequired();
  return [
    agencyContactsSet({
      agency: data.agency,
      email: email('email', data.email),
      headEmail: email('headEmail', data.headEmail),
      webhookUrl: url,
      webhookSecretSealed: url === null ? null : sealed,
      digest: data.digest === true,
      setAt: command.metadata.now,
    }),
  ];
}

export function evolveContacts(_state: ContactsState, event: AgencyContactsSet): ContactsState {
  return { status: 'set', ...event.data };
}

/** `contacts-<CODE>`: the latest declaration wins. */
export const contactsDecider: Decider<SetAgencyContacts, ContactsState, AgencyContactsSet> = {
  initialState: () => ({ status: 'none' }),
  decide: decideContacts,
  evolve: evolveContacts,
};

/** The contacts as the delivery planner needs them (no secret). */
export function publicContacts(state: ContactsState): AgencyContacts | null {
  if (state.status !== 'set') return null;
  return { agency: state.agency, email: state.email, headEmail: state.headEmail, webhookUrl: state.webhookUrl, digest: state.digest };
}
