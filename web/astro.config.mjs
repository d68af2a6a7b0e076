// Astro build of the static resident site: zh-CN at `/`, English at `/en/`, output in web/dist.
import { defineConfig } from 'astro/config';
import { themeCss } from './src/lib/city.ts';

/**
 * `import 'virtual:fq-city-theme.css'` gives the city's accent colour (from the deploy-time
 * city config) as an ordinary bundled stylesheet, since the CSP forbids inline styles.
 */
function cityTheme() {
  const id = 'virtual:fq-city-theme.css';
  return {
    name: 'fq-city-theme',
    resolveId(source) {
      return source === id ? id : undefined;
    },
    load(source) {
      return source === id ? themeCss() : undefined;
    },
  };
}

export default defineConfig({
  output: 'static',
  outDir: './dist',
  // `preserve` maps pages/en/index.astro to en/index.html and pages/en/404.astro to
  // en/404.html, the files the product server looks for. A new page goes in its own folder
  // (pages/book/index.astro → book/index.html), which the server finds at /book and /book/;
  // pages/book.astro would become book.html, which it does not.
  build: {
    format: 'preserve',
    // The CSP is `style-src 'self'` without 'unsafe-inline': every stylesheet is a file.
    inlineStylesheets: 'never',
  },
  trailingSlash: 'ignore',
  i18n: {
    locales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    routing: { prefixDefaultLocale: false },
  },
  // Nothing on these pages calls home to a third party, the dev toolbar included.
  devToolbar: { enabled: false },
  vite: {
    plugins: [cityTheme()],
    build: {
      // Otherwise small scripts and assets are inlined into the HTML, which `script-src 'self'`
      // blocks (ARCHITECTURE.md, "Astro 5 inline scripts").
      assetsInlineLimit: 0,
    },
  },
});
