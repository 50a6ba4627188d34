/**
 * Reading a material upload form (multipart) before validation and the CSRF check, so the token
 * inside it is checked like any other form's. Problems with the file itself (too large, missing)
 * are kept for the handler, which shows them next to the file field; a malformed body is a 400.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../../shared/errors.ts';
import { MAX_MATERIAL_BYTES } from './materials.store.ts';

export interface Upload {
  fileName: string;
  data: Buffer | null;
  /** A message for the file field, when the file could not be taken. */
  problem: string | null;
}

const uploads = new WeakMap<FastifyRequest, Upload>();

/** The upload read by `readUpload` (an empty one when the form had no file). */
export function uploadOf(req: FastifyRequest): Upload {
  return uploads.get(req) ?? { fileName: '', data: null, problem: null };
}

export const MULTIPART_LIMITS = {
  limits: { fileSize: MAX_MATERIAL_BYTES, files: 1, fields: 20, fieldSize: 20_000, parts: 25 },
};

/** preValidation hook for upload routes. */
export async function readUpload(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) throw new ValidationError('send the form as multipart/form-data', 'file');
  const fields: Record<string, string> = {};
  const upload: Upload = { fileName: '', data: null, problem: null };
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new ValidationError(`${part.fieldname} is not an accepted file field`, part.fieldname);
        }
        try {
          const buf = await part.toBuffer();
          upload.fileName = part.filename ?? '';
          upload.data = buf.length ? buf : null;
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode !== 413) throw err;
          upload.problem = 'a file may be at most 20 MB';
          part.file.resume();
        }
      } else if (typeof part.value === 'string') {
        if (part.fieldname in fields)
          throw new ValidationError(`${part.fieldname} is given more than once`, part.fieldname);
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw new AppError(413, 'too_large', 'the request is too large');
    throw new ValidationError('the form could not be read', 'body');
  }
  req.body = fields;
  uploads.set(req, upload);
}
