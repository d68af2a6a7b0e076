// Build-time access to the deploying city's branding (name, agency, phone, accent colour).
// The site is static, so the city is fixed when it is built: `CITY=xixia npm run build:web`.
import { loadCity } from '../../../functions/config/cities.ts';
import type { Locale } from '../i18n/index.ts';

/** Which configured city this build is for; the same variable and default as local mode. */
export const cityId = process.env.CITY ?? 'wuzhong';

type City = Awaited<ReturnType<typeof loadCity>>;

let loaded: Promise<City> | undefined;

/** Loads the city config once per build, whether loadCity is synchronous or not. */
function city(): Promise<City> {
  loaded ??= Promise.resolve(loadCity(cityId));
  return loaded;
}

export interface Branding {
  cityName: string;
  agencyName: string;
  /** As the agency writes it, for display. */
  phone: string;
  /** `tel:` link: digits and a leading + only, so phones dial it as written. */
  phoneHref: string;
  /** The domain's ICP filing number (ICP备案号), which a site in China must show in its footer. */
  icpLicence: string | undefined;
}

/** The city's name, agency and phone in the page's language. */
export async function branding(locale: Locale): Promise<Branding> {
  const { branding: b, domain } = (await city()).deploy;
  return {
    cityName: locale === 'en' ? b.cityNameEn : b.cityName,
    agencyName: locale === 'en' ? b.agencyNameEn : b.agencyName,
    phone: b.contactPhone,
    phoneHref: `tel:${b.contactPhone.replace(/[^\d+]/g, '')}`,
    icpLicence: domain?.icpLicence,
  };
}

/**
 * CSS overriding the accent tokens with the city's own colour, or an empty sheet without one.
 * It goes through the bundler (astro.config.mjs) rather than a `style` attribute because the
 * site's CSP forbids inline styles. A colour that would make links or buttons unreadable fails
 * the build rather than shipping: accent text must reach 4.5:1 on every surface it sits on.
 */
export async function themeCss(): Promise<string> {
  const accent = (await city()).deploy.branding.accentColor;
  if (!accent) return '/* no accent override for this city */\n';
  if (!/^#[0-9a-fA-F]{6}$/.test(accent)) {
    throw new Error(`city ${cityId}: accentColor must be #rrggbb, got ${JSON.stringify(accent)}`);
  }
  const soft = mixWithWhite(accent, 0.1);
  const worst = Math.min(contrast(accent, soft), contrast(accent, pageBackground));
  if (worst < 4.5) {
    throw new Error(
      `city ${cityId}: accentColor ${accent} reaches only ${worst.toFixed(2)}:1 against the page; ` +
        'choose a darker colour (at least 4.5:1, see web/src/styles/tokens.css)',
    );
  }
  return `:root {\n  --fq-color-accent: ${accent};\n  --fq-color-accent-soft: ${soft};\n}\n`;
}

/** Must match --fq-color-bg in tokens.css. */
const pageBackground = '#f5f6f8';

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function mixWithWhite(hex: string, share: number): string {
  return `#${channels(hex)
    .map((c) => Math.round(c * share + 255 * (1 - share)))
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`;
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
