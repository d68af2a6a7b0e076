// The local-only dev pages' shell (login, outbox): same-origin CSS, no inline script or style (strict CSP).
import type { Locale } from '#api/messages.ts';

export const DEV_CSS_PATH = '/dev/assets/dev.css';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export interface Raw {
  raw: string;
}
export const raw = (html: string): Raw => ({ raw: html });
export function html(strings: TemplateStringsArray, ...values: (string | Raw | Raw[])[]): Raw {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const text = Array.isArray(value)
      ? value.map((v) => v.raw).join('')
      : typeof value === 'string'
        ? esc(value)
        : value.raw;
    out += text + strings[i + 1]!;
  });
  return raw(out);
}

export function page(options: {
  locale: Locale;
  title: string;
  heading: string;
  body: Raw;
  /** The same page in the other language. */
  otherLanguageHref: string;
}): string {
  const en = options.locale === 'en';
  return `<!doctype html>${
    html`<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title}</title>
<link rel="stylesheet" href="${DEV_CSS_PATH}">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">${en ? 'Skip to main content' : '跳到主要内容'}</a>
<header class="banner">
<p class="tag"><span aria-hidden="true">⚠</span> ${en ? 'Local demo only — never deployed' : '仅用于本地演示，不会部署'}</p>
<nav aria-label="${en ? 'Language' : '语言'}"><a href="${options.otherLanguageHref}" lang="${en ? 'zh-CN' : 'en'}" hreflang="${en ? 'zh-CN' : 'en'}">${en ? '中文' : 'English'}</a></nav>
</header>
<main id="main">
<h1>${options.heading}</h1>
${options.body}
</main>
</body>
</html>`.raw
  }`;
}

export const DEV_CSS = `/* Local dev pages (login, outbox): the site's calm palette, large type, visible focus. */
:root {
  --ink: #1f2328;
  --muted: #4a5058;
  --paper: #ffffff;
  --soft: #f5f2ee;
  --line: #d6d0c8;
  --accent: #9f2a24;
  --focus: #1a56c4;
  font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 100%;
  line-height: 1.6;
  color: var(--ink);
  background: var(--soft);
}
body { margin: 0; font-size: 1.125rem; }
.skip { position: absolute; left: -999px; top: 0; padding: 0.75rem 1rem; background: var(--paper); }
.skip:focus { left: 0.5rem; top: 0.5rem; }
.banner {
  display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between;
  padding: 0.75rem 1rem; background: var(--paper); border-bottom: 1px solid var(--line);
}
.tag { margin: 0; font-weight: 600; color: var(--accent); }
main { max-width: 44rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.3; margin: 1rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0 0 1rem; }
a { color: var(--focus); }
a, button { min-height: 44px; }
nav a { display: inline-flex; align-items: center; padding: 0 0.5rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.accounts { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
.account {
  display: grid; width: 100%; gap: 0.125rem; text-align: start; cursor: pointer;
  padding: 0.75rem 1rem; font: inherit; color: inherit; background: var(--paper);
  border: 1px solid var(--line); border-radius: 0.5rem;
}
.account:hover { border-color: var(--accent); }
.account .name { font-weight: 700; font-size: 1.25rem; }
.account .about, .account .meta { color: var(--muted); }
.account .meta { font-size: 1rem; overflow-wrap: anywhere; }
.notice { padding: 0.75rem 1rem; background: var(--paper); border-inline-start: 4px solid var(--accent); }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; background: var(--paper); }
th, td { text-align: start; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid var(--line); }
td.text { overflow-wrap: anywhere; min-width: 12rem; }
code { font-size: 1rem; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
