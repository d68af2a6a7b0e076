// English copy for the site, under `/en/`; mirrors zh-CN.ts key for key (the type enforces it).
import type { Dictionary } from './zh-CN.ts';

export const en: Dictionary = {
  htmlLang: 'en',
  languageName: 'English',
  siteName: (cityName: string) => `${cityName} Public Legal Services`,
  pageTitle: (page: string, site: string) => `${page} - ${site}`,

  layout: {
    skipLink: 'Skip to main content',
    agencyLabel: 'Run by: ',
    languageNav: 'Choose language',
    phoneLabel: 'Phone: ',
    privacyTitle: 'Your personal data: ',
    privacy:
      'We collect only what is needed to handle your matter; phone and ID numbers are stored encrypted and shown only in part on screen.',
  },

  notice: {
    info: 'Note',
    success: 'Done',
    warning: 'Attention',
    danger: 'Important',
  },

  field: {
    errorWord: 'Error: ',
    required: ' (required)',
  },

  stepper: {
    count: (current: number, total: number) => `Step ${current} of ${total}`,
    done: ' (done)',
    current: 'current step',
  },

  home: {
    title: 'Home',
    description: 'Book a legal consultation, apply for mediation of a dispute, track your case.',
    heading: (cityName: string) => `Public legal services and mediation in ${cityName}`,
    lead: 'If you have a legal question, or a dispute in your family, with neighbours or at work, you can ask a lawyer or have a mediator help settle it.',

    actionsHeading: 'What you can do here',
    onlineSoon: (phone: string) =>
      `Online booking and filing open soon. For now, please call ${phone} or visit your nearest service point.`,
    comingSoon: 'Coming soon',

    consultTitle: 'Book a legal consultation',
    consultBody:
      'Choose a time to ask a lawyer or legal advisor your question, in person, by phone or by video.',
    consultPick:
      '“Pick your own”: choose a mediator or lawyer you trust from the roster, or let us arrange one for you.',
    consultCall: 'Call to book a consultation',
    consultBook: 'Book online',
    consultMine: 'See my booking',

    mediateTitle: 'Apply for mediation',
    mediateBody:
      'If you have a dispute with family, neighbours, a landlord or an employer, you can apply for mediation. A mediator brings both sides together to talk it through. People’s mediation is free of charge.',
    mediateConfirm:
      'After an agreement, both sides may jointly ask the court within 30 days for “judicial confirmation”: once confirmed, if one side does not keep the agreement, the other can apply for enforcement.',
    mediateCall: 'Call to apply for mediation',

    trackTitle: 'Track your case',
    trackBody:
      'When your case is accepted you receive a case number and a tracking code. With them you can see which step your case has reached, when and where the next session is, and what you need to do.',
    trackCall: 'Call to ask about your case',

    nearHeading: 'Disputes settled close to home',
    findPoints: 'Find a service point near you',
    findProviders: 'Choose a mediator or lawyer',
    nearMotto: 'Small matters stay in the village, big ones in the town',
    nearBody:
      'A dispute is first mediated in the village or community; if it cannot be settled there, the town takes it over, and only then the county or district. For hard cases a judge, a prosecutor, a police officer and a legal advisor work on it together, to settle it before it goes to court.',
    stagesHeading: 'Mediation usually has three steps',
    stages: [
      {
        label: 'Diagnose',
        description:
          'We learn what happened, check the dispute can be mediated and ask the other side to agree.',
      },
      {
        label: 'Joint consultation',
        description:
          'The mediator and others involved talk it through with both sides, in person or by video.',
      },
      {
        label: 'Follow-up',
        description: 'After an agreement we check back that it is being kept.',
      },
    ],

    servicesHeading: 'Services',
  },

  services: {
    loading: 'Loading…',
    loaded: '{count} services',
    duration: 'About {minutes} minutes',
    durationLabel: 'Duration:',
    modesLabel: 'How:',
    modeSeparator: ', ',
    modes: { in_person: 'in person at a service point', phone: 'by phone', video: 'by video' },
    failedTitle: 'The services cannot be shown right now',
    failedBody: (phone: string) => `Please try again later, or call ${phone}.`,
    retry: 'Try again',
    emptyTitle: 'No services are open for booking yet',
    emptyBody: (phone: string) => `If you need help, please call ${phone}.`,
    noScript: (phone: string) =>
      `Scripts are turned off in your browser, so the services cannot be shown. Please call ${phone}.`,
  },

  booking: {
    title: 'Book a legal service',
    description:
      'Book a legal consultation, legal-aid guidance or mediation online, and choose who helps you.',
    heading: 'Book a legal service',
    lead: 'One question at a time. When you are done you get a reference and a code.',
    step: 'Step {n} of 5',
    back: 'Back',
    next: 'Next',
    loading: 'Loading…',
    failed: 'This could not be loaded. Please try again later, or call the service point.',
    serviceLegend: 'What do you need?',
    pointLegend: 'Which service point, or online?',
    online: 'Also by phone or video',
    providerLegend: 'Choose who helps you',
    anyProvider: 'Anyone (assigned fairly from the rota)',
    nextAvailable: 'First free: ',
    none: 'none',
    slotLegend: 'Choose a time',
    remaining: '{n} places left',
    noSlots:
      'No free times in the next two weeks. Try another point or person, or call the service point.',
    detailsLegend: 'Your details',
    name: 'Name',
    phone: 'Mobile number',
    phoneHint: '11 digits; the reference, code and reminder come by SMS.',
    mode: 'How',
    note: 'What you would like to ask (optional)',
    consent:
      'I agree that my name and mobile number are collected for this booking; the number is stored encrypted and used only to notify me.',
    consentRequired: 'Please agree to the privacy note first.',
    submit: 'Confirm booking',
    slotFull: 'This time was just taken. Please choose another.',
    doneHeading: 'Booked',
    reference: 'Reference',
    code: 'Code',
    keepCode:
      'Keep the reference and code (also sent by SMS): you need them to view, move or cancel the booking.',
    calendar: 'Download calendar file',
    myBooking: 'See my booking',
  },

  myBooking: {
    title: 'My booking',
    description: 'View or cancel a booking with its reference and code.',
    heading: 'My booking',
    reference: 'Reference',
    code: 'Code',
    codeHint: '8 letters or digits, on the confirmation page and in the SMS.',
    open: 'Open',
    notFound: 'The reference or code is wrong. Please check and try again.',
    tooMany: 'Too many attempts. Please try again in 15 minutes.',
    status: 'Status',
    statuses: {
      confirmed: 'Confirmed',
      cancelled: 'Cancelled',
      completed: 'Attended',
      no_show: 'Missed',
    },
    when: 'When',
    where: 'Where',
    who: 'With',
    reschedule: 'Move to another time',
    rescheduleHint: 'Pick a new time; the old one is given up at the same moment.',
    rescheduled: 'Moved.',
    slotFull: 'This time was just taken. Please choose another.',
    noSlots: 'No other free times in the next two weeks.',
    cancelReason: 'Reason for cancelling',
    cancel: 'Cancel booking',
    cancelled: 'The booking is cancelled and its place is free again.',
    notChangeable: 'This booking can no longer be cancelled.',
    recoverSend: 'Lost your code? Text a one-time code to the booking’s phone',
    recoverSent:
      'If the reference is right, a one-time code is on its way to the phone given when booking (valid 10 minutes).',
    otp: 'One-time code',
    recoverVerify: 'Recover my code',
    recovered: 'Your code is back and filled in above.',
    recoverFailed: 'The one-time code is wrong or has expired.',
    lostCode: 'No phone, or no SMS? Call the service point; staff check who you are and help.',
  },

  directory: {
    loading: 'Loading…',
    failedTitle: 'The list cannot be shown right now',
    failedBody: 'Please try again later, or call {phone}.',
    retry: 'Try again',
    emptyBody: 'Please change the filters, or call {phone}.',
    filtersLabel: 'Filters',
    allLevels: 'All levels',
    allServices: 'All services',
    allPoints: 'All service points',
    noScript:
      'Scripts are turned off in your browser, so the list cannot be shown. Please call {phone}.',
    separator: ', ',
    levels: { county: 'County centre', town: 'Town station', village: 'Village room' },
    levelsShort: { county: 'Centre', town: 'Station', village: 'Room' },
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    weekdaysShort: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    weekdayRange: '{from} to {to}',
    closed: 'Closed at other times',
    timeSeparator: ' and ',
  },

  servicePointsPage: {
    title: 'Service points',
    description:
      'Addresses, phones, opening hours and services of the public legal service centres, stations and rooms.',
    heading: 'Find a service point',
    lead: 'The county centres, town stations and village or community rooms for public legal services. Filter by level and service, call them, or book online.',
    levelLabel: 'Level',
    serviceLabel: 'Service',
    resultsHeading: 'Service points',
    loaded: '{count} service points',
    emptyTitle: 'No service point matches',
    levelField: 'Level: ',
    addressField: 'Address: ',
    hoursField: 'Opening hours: ',
    servicesField: 'Services: ',
    onlineField: 'Online: ',
    onlineYes: 'Takes phone and video appointments',
    onlineNo: 'In person only',
    call: 'Call {phone}',
    book: 'Book here',
  },

  providersPage: {
    title: 'People you can book',
    description: 'The mediators, lawyers, notaries and others you can choose to book.',
    heading: 'Choose who helps you',
    lead: 'You may choose whom to see: read each mediator’s, lawyer’s or notary’s strengths and service points, and book the person you trust.',
    pointLabel: 'Service point',
    resultsHeading: 'People you can book',
    loaded: '{count} people',
    emptyTitle: 'No one matches',
    kindField: 'Role: ',
    specialtiesField: 'Handles: ',
    pointsField: 'Service points: ',
    nextField: 'Earliest time: ',
    nextNone: 'No free time in the next two weeks',
    dateFormat: '{weekday} {day} {month}, {time}',
    book: 'Book with this {kind}',
    privacy:
      'To protect their privacy we do not show personal phone numbers; please call the service point or book online.',
    kinds: {
      people_mediator: 'people’s mediator',
      lawyer: 'lawyer',
      notary: 'notary',
      arbitrator: 'arbitrator',
      judge: 'judge',
      prosecutor: 'prosecutor',
      police_officer: 'police officer',
      legal_advisor: 'legal adviser',
      village_cadre: 'village or community official',
      party_member: 'Party member volunteer',
      local_worthy: 'respected local elder',
      counsellor: 'counsellor',
      expert: 'expert',
    },
  },

  notFound: {
    title: 'Page not found',
    heading: 'We could not find this page',
    body: 'The address may be mistyped, or the page has moved.',
    home: 'Back to the home page',
    help: (phone: string) => `For help, please call ${phone}.`,
  },
};
