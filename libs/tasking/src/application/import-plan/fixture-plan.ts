/**
 * The parts of the fixture files (fixtures/README.md) that the importer reads. Everything else
 * in them (summaries, notes, occasions …) stays in the file.
 */
export interface FixtureAgencyRef {
  agency_code: string | null;
  name_vi: string;
  name_en?: string | null;
  generic?: boolean;
}

export interface FixtureRecurrence {
  kind: string;
  day?: number | null;
  month?: number | null;
  relation?: string | null;
  every?: string | null;
  anchor?: string | null;
  date?: string | null;
}

export interface FixtureTask {
  id: string;
  source_ref?: string | null;
  heading_vi?: string | null;
  assignees: FixtureAgencyRef[];
  coordinating_agencies?: FixtureAgencyRef[];
  text_vi: string;
  deadline?: { date?: string | null } | null;
  reporting?: { recurrence?: FixtureRecurrence | null } | null;
  default_lead?: FixtureAgencyRef | null;
}

export interface FixturePlanFile {
  fixture: { key: string; format_version?: number };
  document: {
    number: string;
    issuer: FixtureAgencyRef;
    issued_on: string;
    title_vi: string | null;
  };
  period: { start: string; end: string | null };
  objectives?: { id?: string; text_vi: string }[];
  tasks: FixtureTask[];
  reporting_obligations?: { recurrence?: FixtureRecurrence | null }[];
  monitoring?: { monitoring_agency?: FixtureAgencyRef | null } | null;
  agencies_mentioned?: { agency_code: string }[];
}

export interface FixtureAgency {
  code: string;
  name_vi: string;
  name_en?: string | null;
  level: string;
  kind: string;
  collective: boolean;
}

export interface FixtureAgenciesFile {
  agencies: FixtureAgency[];
}
