import { expect, fixture, html } from '@open-wc/testing';

interface SnippetModule {
  embedSnippet(origin: string): string;
}

// The demo page's own script, as the browser loads it (plain JavaScript, no types).
const snippetModule = new URL('../../demo/snippet.js', import.meta.url).href;

describe('demo page embed snippet', () => {
  it('sends the demo cookie to a backend on another origin and names ALLOWED_ORIGINS', async () => {
    const { embedSnippet } = (await import(snippetModule)) as SnippetModule;

    const snippet = embedSnippet('https://uploads.example.com');

    expect(snippet).to.contain('<script src="https://uploads.example.com/imagekit-uploader.js">');
    expect(snippet).to.match(/<imagekit-uploader\s[^>]*credentials="include"/);
    expect(snippet).to.contain('endpoint="https://uploads.example.com"');
    expect(snippet).to.contain('ALLOWED_ORIGINS');
  });

  it('sets an attribute the element reads as its credentials', async () => {
    const { embedSnippet } = (await import(snippetModule)) as SnippetModule;
    await import('../../widget/index.ts');
    const host = await fixture<HTMLDivElement>(html`<div></div>`);

    host.innerHTML = embedSnippet('https://uploads.example.com').replace(/<script.*<\/script>/, '');

    const el = host.querySelector('imagekit-uploader')!;
    expect(el.credentials).to.equal('include');
    expect(el.endpoint).to.equal('https://uploads.example.com');
  });
});
