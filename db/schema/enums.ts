// Value lists shared by the schema, the domain and the forms. Stored as text with CHECK constraints so that
// widening a list is a plain migration (no ALTER TYPE).

export const regionLevels = ['province', 'prefecture', 'county'] as const;
export type RegionLevel = (typeof regionLevels)[number];

export const roles = ['teacher', 'school_admin', 'venue_operator', 'speaker', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const membershipStatuses = ['active', 'pending', 'rejected'] as const;

export const schoolLevels = [
  'kindergarten',
  'primary',
  'junior',
  'senior',
  'nine_year',
  'twelve_year',
  'special',
] as const;
export type SchoolLevel = (typeof schoolLevels)[number];

export const venueTypes = [
  'museum',
  'library',
  'cultural_centre',
  'memorial',
  'art_gallery',
  'science_museum',
  'performance_venue',
  'sports_venue',
  'intangible_heritage_hall',
  'national_park',
  'youth_palace',
  'childrens_centre',
  'patriotic_education_base',
  'legal_education_base',
  'study_practice_base',
  'science_popularisation_base',
  'labour_education_base',
] as const;
export type VenueType = (typeof venueTypes)[number];

export const venueStatuses = ['pending', 'published', 'rejected', 'suspended'] as const;
export type VenueStatus = (typeof venueStatuses)[number];

export const languages = ['zh', 'mn'] as const;
export type GuideLanguage = (typeof languages)[number];

/**
 * The fixed theme vocabulary of venues, programs and talks: the one list, offered to speakers as boxes to tick and
 * used by the demo data. The Chinese words are what is stored and searched (a speaker may also type a word of their
 * own); the keys name the `theme.*` message that shows a word in the interface language.
 */
export const themes = {
  red: '红色教育',
  history: '历史文化',
  unity: '民族团结',
  science: '科学探索',
  ecology: '生态环保',
  labour: '劳动实践',
  law: '法治教育',
  arts: '艺术审美',
  sport: '体育健康',
  heritage: '非遗传承',
  grassland: '草原文化',
  reading: '阅读',
  safety: '安全教育',
} as const;
export type ThemeKey = keyof typeof themes;
export const themeWords: readonly string[] = Object.values(themes);

export const deliveries = ['onsite', 'outreach'] as const;
export type Delivery = (typeof deliveries)[number];

export const audiences = ['preschool', 'primary', 'junior', 'senior', 'chaperone'] as const;
export type Audience = (typeof audiences)[number];

export const commitmentKinds = ['free', 'percent_off', 'fixed_price'] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];

export const commitmentStatuses = ['pending', 'active', 'rejected', 'withdrawn'] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

/** A key-field change: decided by an auditor, or closed by the operator (a newer submission, or taken back). */
export const changeStatuses = ['pending', 'approved', 'rejected', 'superseded', 'withdrawn'] as const;

export const bookingStatuses = [
  'requested',
  'school_approved',
  'confirmed',
  'declined',
  'waitlisted',
  'cancelled',
  'lapsed',
  'attended',
  'no_show',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
/** Bookings in these states hold seats in their session (DESIGN.md rule 1). */
export const seatHoldingStatuses = [
  'requested',
  'school_approved',
  'confirmed',
] as const satisfies readonly BookingStatus[];

export const cancelParties = ['school', 'venue', 'system'] as const;

export const speakerCategories = [
  'veteran_cadre',
  'veteran_soldier',
  'veteran_expert',
  'veteran_teacher',
  'veteran_model',
  'labour_model',
  'moral_model',
  'role_model',
  'advanced_representative',
  'artist',
  'other',
] as const;
export type SpeakerCategory = (typeof speakerCategories)[number];

export const speakerStatuses = ['pending', 'published', 'rejected', 'suspended'] as const;

export const invitationKinds = ['speaker', 'outreach'] as const;
export type InvitationKind = (typeof invitationKinds)[number];

export const invitationStatuses = [
  'pending',
  'countered',
  'scheduled',
  'declined',
  'expired',
  'cancelled',
  'completed',
] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export const slotProposers = ['teacher', 'host'] as const;
export const slotStatuses = ['open', 'accepted', 'withdrawn'] as const;

export const outboxOps = ['upsert', 'delete'] as const;
export const searchEntities = ['venue', 'speaker'] as const;

export const emailStatuses = ['pending', 'sent', 'failed'] as const;
export const reportStatuses = ['open', 'fixed', 'dismissed'] as const;

/** Grades: 0 = kindergarten, 1–6 primary, 7–9 junior, 10–12 senior. */
export const GRADE_MIN = 0;
export const GRADE_MAX = 12;
