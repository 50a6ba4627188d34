import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';

/**
 * Routes that accept photos raise their body limit to fit them, but only multipart bodies carry
 * photos: any other body beyond the app's usual limit is refused before it is read.
 */
export function refuseLargeNonMultipart(limitBytes: number) {
  return async (req: FastifyRequest): Promise<void> => {
    const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/');
    if (!multipart && Number(req.headers['content-length'] ?? 0) > limitBytes)
      throw new AppError(413, 'too_large', 'request body is too large');
  };
}
