import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';

const KARA_SUU_POINT = { lat: 40.7, lon: 72.88 };

describe('validation errors name the problem', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { reportLimitPerHour: 100_000 });
  });
  afterAll(() => t.close());

  const post = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/reports', payload });
  const report = {
    description: 'Бир топ жаштар кечинде мектептин жанында ичимдик ичишет.',
    category: 'public-order',
    privacy: 'public',
    location: KARA_SUU_POINT,
  };

  it('an unknown field is named', async () => {
    const res = await post({ ...report, colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('body.colour is not an accepted field');
  });

  it('a field with an empty name is named as such, not as "body." or "undefined"', async () => {
    const res = await post({ ...report, '': 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('body has a field with an empty name; every field needs a name');
  });

  it('Open311 says the same in its own error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: 'service_code=public-order&lat=40.7&long=72.88&description=x&=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([
      { code: 400, description: 'body has a field with an empty name; every field needs a name' },
    ]);
  });
});
