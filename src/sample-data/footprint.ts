/**
 * The 24:1 footprint of North St. Louis County as sample data (from the public facts in
 * shared/domain/calea-facts.md). It is data users edit afterwards, never a constant the code relies on.
 */
export const FOOTPRINT_DEPARTMENTS = [
  {
    name: 'Normandy Police Department',
    shortName: 'Normandy PD',
    programTier: 'tier1',
    accreditationStatus: 'working_toward',
    awardDate: null,
    swornOfficers: 30, // illustrative
    municipalities: ['Normandy', 'Bellerive Acres', 'Bel-Ridge', 'Cool Valley', 'Glen Echo Park', 'Greendale', 'Pasadena Hills', 'Pasadena Park'],
    populationServed: null,
  },
  {
    name: 'North County Police Cooperative',
    shortName: 'NCPC',
    programTier: 'tier1',
    accreditationStatus: 'accredited',
    awardDate: '2018-07-01', // accredited since July 2018; the day is illustrative
    swornOfficers: 35, // illustrative
    municipalities: ['Vinita Park', 'Wellston', 'Vinita Terrace', 'Beverly Hills', 'Velda Village Hills', 'Dellwood', 'Flordell Hills'],
    populationServed: 9000,
  },
  {
    name: 'Pagedale Police Department',
    shortName: 'Pagedale PD',
    programTier: 'tier1',
    accreditationStatus: 'accredited',
    awardDate: '2022-11-01', // Tier 1 accredited November 2022; the day is illustrative
    swornOfficers: 15, // illustrative
    municipalities: ['Pagedale'],
    populationServed: null,
  },
] as const;

/** Documented in the README; created on the embedded database only. */
export const DEMO_PASSWORD = 'demo-accreditation-2026';

export const DEMO_USERS = [
  { email: 'admin@demo.calea.local', displayName: 'Demo Administrator', isAdmin: true, roles: [] },
  {
    email: 'manager@demo.calea.local',
    displayName: 'Demo Accreditation Manager',
    isAdmin: false,
    roles: [
      { department: 'Normandy Police Department', role: 'manager' },
      { department: 'North County Police Cooperative', role: 'manager' },
    ],
  },
  { email: 'member@demo.calea.local', displayName: 'Demo Team Member', isAdmin: false, roles: [{ department: 'Normandy Police Department', role: 'member' }] },
  { email: 'chief@demo.calea.local', displayName: 'Demo Chief', isAdmin: false, roles: [{ department: 'Normandy Police Department', role: 'chief' }] },
] as const;

export const DEMO_ASSESSOR = {
  email: 'assessor@demo.calea.local',
  displayName: 'Demo Assessor',
  departments: ['Normandy Police Department', 'North County Police Cooperative'],
  days: 90,
} as const;

/**
 * The sample manual: public standard numbers and titles from CALEA's titles page; its levels,
 * Tier 1 marks and frequencies are illustrative, not CALEA's (each agency imports its licensed manual).
 */
export const SAMPLE_MANUAL = {
  file: 'sample-manual.csv',
  program: 'Law Enforcement',
  edition: '6th',
  version: 'sample',
  effectiveDate: '2024-01-01',
  name: 'Sample manual: public CALEA titles, illustrative levels, tiers and frequencies',
} as const;

/**
 * A made-up state certification program, so the sample shows a department in two programs (Normandy
 * PD is state-certified while it works toward CALEA). Every title says "(synthetic)": it is not the
 * Missouri program's manual, which is not public.
 */
export const SAMPLE_STATE_PROGRAM = {
  name: 'Sample State Program (synthetic)',
  shape: { cycleYears: 3, hasTiers: false, hasSizeClasses: false, milestones: ['annual_review', 'site_assessment'], sample: true },
  manual: {
    file: 'sample-state-manual.csv',
    program: 'Sample State Program (synthetic)',
    edition: '1st',
    version: 'sample',
    effectiveDate: '2023-01-01',
    name: 'Sample state program manual (synthetic titles, for trying the product)',
  },
  enrolments: [{ department: 'Normandy Police Department', accreditationStatus: 'accredited', awardDate: '2024-05-01' }],
  /** A sample crosswalk: (state program number, CALEA sample manual number), illustrative. */
  crosswalk: [
    ['1.1.1', '1.1.1'],
    ['1.1.2', '1.2.1'],
    ['1.2.1', '1.2.4'],
    ['1.2.2', '1.2.9'],
    ['2.1.1', '4.1.1'],
    ['2.1.2', '4.1.2'],
    ['2.2.1', '4.2.2'],
    ['2.2.2', '4.2.4'],
  ],
} as const;
