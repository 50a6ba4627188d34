/**
 * The form every page action posts with: method="post", the CSRF token, no browser validation
 * (novalidate: the server checks, and its errors show next to the fields and in the summary), the
 * fields, then one submit button.
 */
import type { ComponentChildren } from 'preact';
import { Csrf } from './form.tsx';
import { onceAction } from './once.ts';

export function PostForm(p: {
  action: string;
  csrf: string;
  /** The submit button's text; leave out when the children hold their own button (in a fieldset). */
  submit?: ComponentChildren;
  /** multipart/form-data for file uploads. */
  enctype?: string;
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action={onceAction(p.action)} enctype={p.enctype} class="stack" novalidate>
      <Csrf token={p.csrf} />
      {p.children}
      {p.submit !== undefined ? (
        <div>
          <button type="submit">{p.submit}</button>
        </div>
      ) : null}
    </form>
  );
}
