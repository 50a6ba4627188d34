import Fastify, { type FastifyRequest } from 'fastify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { fieldIdFor, formHandlers, type Body } from './form-route.ts';

describe('fieldIdFor', () => {
  it.each([
    ['title', 'x', {}, 'title'],
    [undefined, 'title', {}, 'title'],
    ['', 'title', {}, 'title'],
    ['startsAt', 'title', { startsAt: 'startTime' }, 'startTime'],
    ['agenda.3.title', 'title', {}, 'agenda'],
    ['officers.1', 'place', {}, 'officers'],
    ['problemIds.2', 'taskTitle', { problemIds: 'taskProblemIds' }, 'taskProblemIds'],
    ['summary.ky', 'summary_ky', { 'summary.ky': 'summary_ky' }, 'summary_ky'],
    ['offender.known', 'statement', {}, 'offender.known'],
    ['constructor', 'title', {}, 'constructor'],
    ['__proto__.1', 'title', {}, '__proto__'],
    [undefined, 'title', { title: 'itemTitle' }, 'itemTitle'],
  ] as const)('%s (fallback %s) → %s', (raw, fallback, rename, want) => {
    expect(fieldIdFor(raw, fallback, rename)).toBe(want);
  });

  it('always names a field: the renamed one, a list head, the same name or the fallback', () => {
    const name = fc.stringMatching(/^[A-Za-z_]{1,12}(\.[A-Za-z0-9_]{1,6}){0,3}$/);
    fc.assert(
      fc.property(
        fc.option(name, { nil: undefined }),
        name,
        fc.dictionary(name, name),
        (raw, fallback, rename) => {
          const got = fieldIdFor(raw, fallback, rename);
          const asked = raw || fallback;
          const head = asked.split('.')[0]!;
          expect(got.length).toBeGreaterThan(0);
          expect([asked, head, ...Object.values(rename)]).toContain(got);
          if (!Object.hasOwn(rename, asked) && !Object.hasOwn(rename, head) && !/\.\d+(\.|$)/.test(asked))
            expect(got).toBe(asked);
        },
      ),
    );
  });
});

describe('formHandlers over real HTTP', () => {
  const { fieldErrors, handleForm } = formHandlers((_req, err, field) => `${field}: ${err.message}`, {
    'place.known': 'placeKnown',
  });

  async function app(action: (b: Body) => Promise<{ id: string }>, status?: (err: AppError) => number) {
    const a = Fastify();
    a.setErrorHandler((err: AppError, _req, reply) => reply.code(err.statusCode).send({ code: err.code }));
    a.post('/things', async (req, reply) =>
      handleForm(req, reply, {
        body: req.body as Body,
        action: () => action(req.body as Body),
        fallback: 'name',
        rename: { title: 'name' },
        ...(status ? { status } : {}),
        redirect: (_b, r) => `/things/${r.id}`,
        render: async (b, errors) => reply.send({ values: b, errors }),
      }),
    );
    await a.ready();
    return a;
  }

  it('303s to the page the result names', async () => {
    const a = await app(async () => ({ id: 'abc' }));
    const res = await a.inject({ method: 'POST', url: '/things', payload: { name: 'x' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/things/abc');
    await a.close();
  });

  it('re-renders a refusal with the submitted values and the error on the form field, 400', async () => {
    const a = await app(async () => {
      throw new ValidationError('title is too long', 'title');
    });
    const res = await a.inject({ method: 'POST', url: '/things', payload: { name: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ values: { name: 'x' }, errors: { name: 'name: title is too long' } });
    await a.close();
  });

  it('answers a conflict with the status the form asks for', async () => {
    const a = await app(
      async () => {
        throw new ConflictError('already signed', 'seat');
      },
      (err) => err.statusCode,
    );
    const res = await a.inject({ method: 'POST', url: '/things', payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual({ seat: 'seat: already signed' });
    await a.close();
  });

  it('lets anything but a field refusal through (404 stays 404)', async () => {
    const a = await app(async () => {
      throw new NotFoundError('thing');
    });
    const res = await a.inject({ method: 'POST', url: '/things', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not_found' });
    await a.close();
  });

  it('maps service field names through the module ids, and refuses nothing else', () => {
    const req = {} as FastifyRequest;
    expect(fieldErrors(req, new ValidationError('missing', 'place.known'), 'x')).toEqual({
      placeKnown: 'placeKnown: missing',
    });
    expect(fieldErrors(req, new ValidationError('bad'), 'statement')).toEqual({
      statement: 'statement: bad',
    });
    expect(fieldErrors(req, new NotFoundError(), 'x')).toBeNull();
    expect(fieldErrors(req, new Error('boom'), 'x')).toBeNull();
  });
});
