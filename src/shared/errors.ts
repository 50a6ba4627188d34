/** Errors a service may throw; the error handler turns them into clear, safe 4xx bodies. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
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
  constructor(message: string, field?: string) {
    super(400, 'invalid', message, field);
  }
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
