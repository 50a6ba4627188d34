/** The shared pickers: labelled native selects, grouped, with errors tied to them, never an id shown. */
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { AreaPicker } from './area-picker.tsx';
import { OrganisationPicker, PersonPicker, ProblemPicker } from './pickers.tsx';

describe('pickers', () => {
  it('a person picker names people (with e-mail), groups them by organisation and ties the error to the select', () => {
    const html = render(
      <PersonPicker
        id="personId"
        label="Кызматкер"
        people={[
          { id: 'p1', displayName: 'Айбек Ташиев', email: 'a@example.kg', organisation: 'Кара-Суу РОВД' },
          { id: 'p2', displayName: 'Гүлнара Осмонова', email: null, organisation: null },
        ]}
        noOrganisation="Уюмсуз"
        emptyLabel="Эч ким"
        value="p2"
        errors={{ personId: 'Тизмеден тандаңыз' }}
      />,
    );
    expect(html).toContain('<label for="personId">Кызматкер</label>');
    expect(html).toContain(
      '<optgroup label="Кара-Суу РОВД"><option value="p1">Айбек Ташиев (a@example.kg)</option>',
    );
    expect(html).toContain('<optgroup label="Уюмсуз"><option value="p2" selected>Гүлнара Осмонова</option>');
    expect(html).toMatch(/<select[^>]*aria-describedby="personId-error"/);
    expect(html).toMatch(/<select[^>]*aria-invalid="true"/);
    expect(html).toContain('<option value>Эч ким</option>');
  });

  it('organisation and problem pickers show names and references with titles, not bare ids', () => {
    const orgs = render(
      <OrganisationPicker
        id="organisationId"
        label="Org"
        organisations={[{ id: 'o1', name: 'Ош шаардык жаштар комитети', kindLabel: 'Youth committee' }]}
        errors={{}}
      />,
    );
    expect(orgs).toContain(
      '<optgroup label="Youth committee"><option value="o1">Ош шаардык жаштар комитети</option>',
    );
    const problems = render(
      <ProblemPicker
        id="problemIds"
        label="Problems"
        multiple
        problems={[{ id: 'x1', reference: 'P-2026-0003', title: 'Мал уурдоо' }]}
        value={['x1']}
        errors={{}}
      />,
    );
    expect(problems).toMatch(/<select[^>]*multiple/);
    expect(problems).toContain('<option value="x1" selected>P-2026-0003 · Мал уурдоо</option>');
  });

  it('an area picker may take several areas', () => {
    const html = render(
      <AreaPicker
        id="areaCodes"
        label="Areas"
        multiple
        emptyLabel="(ignored when multiple)"
        groups={[
          {
            label: 'Ош облусу',
            areas: [
              { code: 'KG-O.a', label: 'Кара-Суу району', kind: 'district' },
              { code: 'KG-O.b', label: 'Ноокат району', kind: 'district' },
            ],
          },
        ]}
        value={['KG-O.a', 'KG-O.b']}
        errors={{}}
      />,
    );
    expect(html.match(/ selected/g)).toHaveLength(2);
    expect(html).not.toContain('ignored');
  });
});
