/**
 * A refusal in words a page can translate: a catalog key and its parameters. The English `message`
 * stays for the JSON API and the log; pages show `req.t(key, params)` next to the field.
 */
export interface MessageKey {
  key: string;
  params?: Record<string, string | number>;
}

/** Errors a service may throw; the error handler turns them into clear, safe 4xx bodies. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly messageKey?: MessageKey,
  ) {
    super(message);
  }
}

/**
 * Also what an actor gets for something that exists but is not theirs: the two must look alike, so the
 * public message is always the same and the subject (which lookup failed) goes only to the log.
 */
export class NotFoundError extends AppError {
  constructor(readonly subject = 'resource') {
    super(404, 'not_found', NOT_FOUND_MESSAGE);
  }
}

export const NOT_FOUND_MESSAGE = 'not found';

export class ValidationError extends AppError {
  constructor(message: string, field?: string, messageKey?: MessageKey) {
    super(400, 'invalid', message, field, messageKey);
  }
}

/** Literal catalog keys (the unused-key test finds them here). */
const UNKNOWN_CHOICE_KEYS = {
  area: 'pickers.errors.unknown.area',
  person: 'pickers.errors.unknown.person',
  organisation: 'pickers.errors.unknown.organisation',
  problem: 'pickers.errors.unknown.problem',
  report: 'pickers.errors.unknown.report',
  priority: 'pickers.errors.unknown.priority',
  plan_task: 'pickers.errors.unknown.plan_task',
} as const;

/**
 * The one refusal for a picked value that is unknown or outside the actor's jurisdiction: the same
 * words for both (what one may not see is never told apart from what does not exist).
 */
export function unknownChoice(field: string, kind: keyof typeof UNKNOWN_CHOICE_KEYS): ValidationError {
  return new ValidationError(`unknown or out-of-reach ${kind} in ${field}`, field, {
    key: UNKNOWN_CHOICE_KEYS[kind],
  });
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(409, 'conflict', message, field);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'sign-in required') {
    super(401, 'unauthenticated', message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
