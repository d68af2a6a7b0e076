// One DomainError base and a subclass per condition; the API maps them to HTTP by instanceof.

/** Field-level detail of what was wrong, keyed by the field's path (e.g. `body.phone`). */
export type ErrorDetails = Record<string, unknown> | unknown[] | undefined;

export abstract class DomainError extends Error {
  /** Stable code listed in docs/errors.md. */
  abstract readonly code: string;
  constructor(
    readonly details?: ErrorDetails,
    message?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  readonly code = 'VALIDATION_FAILED';
}
export class MalformedJson extends DomainError {
  readonly code = 'MALFORMED_JSON';
}
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
}
export class MethodNotAllowed extends DomainError {
  readonly code = 'METHOD_NOT_ALLOWED';
  constructor(readonly allow: string[]) {
    super({ allow });
  }
}
export class Unauthorized extends DomainError {
  readonly code = 'UNAUTHORIZED';
}
export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
}
/** A signed upload link that is forged, expired, or used with another type or size than declared. */
export class UploadLinkInvalid extends DomainError {
  readonly code = 'UPLOAD_LINK_INVALID';
}
export class SlotFull extends DomainError {
  readonly code = 'SLOT_FULL';
}
export class BookingNotChangeable extends DomainError {
  readonly code = 'BOOKING_NOT_CHANGEABLE';
}
export class StageConflict extends DomainError {
  readonly code = 'STAGE_CONFLICT';
}
export class PreconditionFailed extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
}
export class TooManyAttempts extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super({ retryAfterSeconds });
  }
}
export class IdempotencyKeyRequired extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REQUIRED';
}
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}
/** A duplicate request still waiting after the first one's 10 s: retry later. */
export class IdempotencyInFlight extends DomainError {
  readonly code = 'IDEMPOTENCY_IN_FLIGHT';
}
export class PayloadTooLarge extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
}
export class UnsupportedMediaType extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}
/** A clock may only move forward (local mode's controllable clock). */
export class ClockBackwards extends DomainError {
  readonly code = 'CLOCK_BACKWARDS';
}
export class ServiceUnavailable extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
}
