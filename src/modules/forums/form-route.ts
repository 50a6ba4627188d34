/**
 * The one shape of every form post on the forums pages: run the service call, then 303 to the page;
 * a refusal with a field (400 invalid / 409 conflict) re-renders the page with the error next to
 * that field and in the summary, status 400. Anything else propagates (404, 401, 5xx handler).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { FieldErrors } from './views/controls.tsx';

export type Body = Record<string, string | undefined>;

/** Field errors from a service refusal (4xx with a field), or null to rethrow. */
export function fieldErrors(
  req: FastifyRequest,
  err: unknown,
  fallback: string,
  rename: Record<string, string> = {},
): FieldErrors | null {
  if (!(err instanceof AppError) || (err.code !== 'invalid' && err.code !== 'conflict')) return null;
  const raw = err.field ?? fallback;
  // Errors on list items (agenda.3.title, officers.1) belong to the list's field.
  const head = raw.split('.')[0]!;
  const field = rename[raw] ?? rename[head] ?? (/\.\d+(\.|$)/.test(raw) ? head : raw);
  return { [field]: req.t('forums.errors.field', { message: err.message }) } as FieldErrors;
}

export interface FormOutcome<B, R> {
  /** Where to go after success (303). */
  redirect: (b: B, result: R) => string;
  /** Re-render the page with the submitted values and the errors (the reply code is already 400). */
  render: (b: B, errors: FieldErrors) => Promise<unknown>;
  /** The field an error without a field belongs to. */
  fallback: string;
  rename?: Record<string, string>;
}

/** Runs `action`; on success 303 → redirect, on a field refusal 400 + render. */
export async function handleForm<B, R>(
  req: FastifyRequest,
  reply: FastifyReply,
  body: B,
  action: () => Promise<R>,
  out: FormOutcome<B, R>,
): Promise<unknown> {
  let result: R;
  try {
    result = await action();
  } catch (err) {
    const errors = fieldErrors(req, err, out.fallback, out.rename);
    if (!errors) throw err;
    reply.code(400);
    return out.render(body, errors);
  }
  return reply.redirect(out.redirect(body, result), 303);
}
