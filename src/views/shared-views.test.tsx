/** The shared page pieces render exactly the markup the pages used to write out by hand. */
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { DataTable } from './data-table.tsx';
import { PostForm } from './post-form.tsx';

/** The one-time key differs on every render (each POST once): compare the markup without it. */
const keyless = (html: string) => html.replace(/\?_once=[\w-]{22}/g, '?_once=KEY');

describe('PostForm', () => {
  it('posts with the CSRF token, no browser validation, the fields and one submit button', () => {
    const html = render(
      <PostForm action="/staff/forums" csrf="tok" submit="Create">
        <input name="name" />
      </PostForm>,
    );
    expect(keyless(html)).toBe(
      '<form method="post" action="/staff/forums?_once=KEY" class="stack" novalidate>' +
        '<input type="hidden" name="_csrf" value="tok"/><input name="name"/>' +
        '<div><button type="submit">Create</button></div></form>',
    );
  });

  it('sends files as multipart and leaves the button to children that bring their own', () => {
    const html = render(
      <PostForm action="/up" csrf="tok" enctype="multipart/form-data">
        <button type="submit">Go</button>
      </PostForm>,
    );
    expect(keyless(html)).toBe(
      '<form method="post" action="/up?_once=KEY" enctype="multipart/form-data" class="stack" novalidate>' +
        '<input type="hidden" name="_csrf" value="tok"/><button type="submit">Go</button></form>',
    );
  });
});

describe('DataTable', () => {
  const row = (x: { id: string; n: number }) => (
    <tr key={x.id}>
      <td>{x.id}</td>
      <td>{String(x.n)}</td>
    </tr>
  );

  it('heads each column with scope="col", leaves out false columns and writes one row per item', () => {
    const html = render(
      <DataTable
        rows={[
          { id: 'a', n: 1 },
          { id: 'b', n: 2 },
        ]}
        head={['Name', false, 'Count']}
        caption="Things"
        captionClass="visually-hidden"
        row={row}
        empty="None"
      />,
    );
    expect(html).toBe(
      '<div class="table-wrap"><table><caption class="visually-hidden">Things</caption>' +
        '<thead><tr><th scope="col">Name</th><th scope="col">Count</th></tr></thead>' +
        '<tbody><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></tbody></table></div>',
    );
  });

  it('says so instead of an empty table, or shows the empty table when there is nothing to say', () => {
    expect(render(<DataTable rows={[]} head={['Name']} row={row} empty="None yet" />)).toBe(
      '<p>None yet</p>',
    );
    expect(render(<DataTable rows={[]} head={['Name']} row={row} />)).toBe(
      '<div class="table-wrap"><table><thead><tr><th scope="col">Name</th></tr></thead><tbody></tbody></table></div>',
    );
  });
});
