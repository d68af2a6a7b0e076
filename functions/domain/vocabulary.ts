// The value lists of CONTRACT.md, as zod enums and types, so every layer speaks the same words.
import { z } from 'zod';

/** Region levels, root first. A grid's cases are handled by its village. */
export const regionLevels = ['city', 'county', 'town', 'village', 'grid'] as const;
export const RegionLevel = z.enum(regionLevels);
export type RegionLevel = z.infer<typeof RegionLevel>;

/** Levels at which a case is handled; above the highest one a case is referred out. */
export const handlingLevels = ['village', 'town', 'county'] as const;
export const HandlingLevel = z.enum(handlingLevels);
export type HandlingLevel = z.infer<typeof HandlingLevel>;

/** What a login may do. */
export const staffRoles = [
  'mediator',
  'judge',
  'prosecutor',
  'police',
  'legal_advisor',
  'panel_member',
  'agency_admin',
  'grid_worker',
] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;

/** What a person on the roster is, for booking and panels (三官一顾问+N). */
export const rosterKinds = [
  'people_mediator',
  'lawyer',
  'notary',
  'arbitrator',
  'judge',
  'prosecutor',
  'police_officer',
  'legal_advisor',
  'village_cadre',
  'party_member',
  'local_worthy',
  'counsellor',
  'expert',
] as const;
export const RosterKind = z.enum(rosterKinds);
export type RosterKind = z.infer<typeof RosterKind>;

export const caseStages = [
  'received',
  'triage',
  'diagnosis',
  'sessions',
  'judicial_confirmation',
  'follow_up',
  'closed',
] as const;
export const CaseStage = z.enum(caseStages);
export type CaseStage = z.infer<typeof CaseStage>;

export const caseStatuses = ['open', 'waiting_party', 'overdue', 'closed'] as const;
export const CaseStatus = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const closureTypes = [
  'agreement_performed',
  'agreement_not_performed',
  'no_agreement',
  'consent_declined',
  'not_mediable',
  'referred_litigation',
  'withdrawn',
] as const;
export const ClosureType = z.enum(closureTypes);
export type ClosureType = z.infer<typeof ClosureType>;

export const bookingStatuses = ['confirmed', 'cancelled', 'completed', 'no_show'] as const;
export const BookingStatus = z.enum(bookingStatuses);
export type BookingStatus = z.infer<typeof BookingStatus>;

/** How a service is delivered. */
export const serviceModes = ['in_person', 'phone', 'video'] as const;
export const ServiceMode = z.enum(serviceModes);
export type ServiceMode = z.infer<typeof ServiceMode>;

/** Ids of categories, services, service points, regions and roster members: ASCII codes. */
export const Code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'an ASCII code: lower-case letters, digits, "-" and "_"');
