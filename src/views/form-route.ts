/**
 * The one shape of every HTML form post on the staff pages: run the service call, then 303 to the
 * page; a refusal with a field (400 invalid / 409 conflict) re-renders the page with the error next
 * to that field and in the summary (status 400 unless the form says otherwise). Anything else
 * propagates (404, 401, the 5xx handler).
 *
 * Each module binds it once to its own wording: `const { fieldErrors, handleForm } = formHandlers(…)`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';
import type { FieldErrors } from './form.tsx';

/** A submitted form, as the routes read it. */
export type Body = Record<string, string | undefined>;

/** The words shown next to `field` for a service refusal, in the reader's language. */
export type Wording = (req: FastifyRequest, err: AppError, field: string) => string;

/**
 * The page field a service's field belongs to: the form's own name for it (or for its list), else
 * the list's field for an error on a list item (agenda.3.title → agenda, officers.1 → officers), else
 * the same name; an error without a field belongs to `fallback`.
 */
export function fieldIdFor(
  raw: string | undefined,
  fallback: string,
  rename: Record<string, string>,
): string {
  const name = raw || fallback;
  const head = name.split('.')[0]!;
  const renamed = (k: string) => (Object.hasOwn(rename, k) ? rename[k] : undefined);
  return renamed(name) ?? renamed(head) ?? (/\.\d+(\.|$)/.test(name) ? head : name);
}

/** A refusal the page can show next to a field: invalid input or a conflict. */
function isFieldRefusal(err: unknown): err is AppError {
  return err instanceof AppError && (err.code === 'invalid' || err.code === 'conflict');
}

/** One form post: what was sent, the service call, and what the page does with the outcome. */
export interface FormPost<B, R> {
  /** The submitted values, shown again on a refusal. */
  body: B;
  /** The service call. */
  action: () => Promise<R>;
  /** Where to go after success (303). */
  redirect: (b: B, result: R) => string;
  /** Re-render the page with the submitted values and the errors (the reply code is already set). */
  render: (b: B, errors: FieldErrors) => Promise<unknown>;
  /** The field an error without a field belongs to. */
  fallback: string;
  /** Service field names → this form's field ids. */
  rename?: Record<string, string>;
  /** The reply code for a refusal (default 400). */
  status?: (err: AppError) => number;
}

/**
 * `fieldErrors` and `handleForm` speaking with `wording`; `ids` maps service field names to page
 * field ids for every form of the module (a form's own `rename` wins).
 */
export function formHandlers(wording: Wording, ids: Record<string, string> = {}) {
  /** Field errors from a service refusal (4xx with a field), or null to rethrow. */
  function fieldErrors(
    req: FastifyRequest,
    err: unknown,
    fallback: string,
    rename: Record<string, string> = {},
  ): FieldErrors | null {
    if (!isFieldRefusal(err)) return null;
    const field = fieldIdFor(err.field, fallback, { ...ids, ...rename });
    // A refusal that carries its own words (a message key) is shown in them, in the reader's language.
    const words = err.messageKey
      ? req.t(err.messageKey.key, err.messageKey.params)
      : wording(req, err, field);
    return { [field]: words };
  }

  /** Runs `post.action`; on success 303 → redirect, on a field refusal 400 (or `status`) + render. */
  async function handleForm<B, R>(
    req: FastifyRequest,
    reply: FastifyReply,
    post: FormPost<B, R>,
  ): Promise<unknown> {
    let result: R;
    try {
      result = await post.action();
    } catch (err) {
      const errors = fieldErrors(req, err, post.fallback, post.rename);
      if (!errors) throw err;
      reply.code(post.status?.(err as AppError) ?? 400);
      return post.render(post.body, errors);
    }
    return reply.redirect(post.redirect(post.body, result), 303);
  }

  return { fieldErrors, handleForm };
}
