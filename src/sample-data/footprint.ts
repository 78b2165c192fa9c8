/**
 * The 24:1 footprint of North St. Louis County as sample data (from the public facts in
 * shared/domain/calea-facts.md). It is data users edit afterwards, never a constant the code relies on.
 */
export const FOOTPRINT_DEPARTMENTS = [
  { name: 'Normandy Police Department', shortName: 'Normandy PD' },
  { name: 'North County Police Cooperative', shortName: 'NCPC' },
  { name: 'Pagedale Police Department', shortName: 'Pagedale PD' },
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
