// The configured cities, and the one way to read one: parsed, or an error naming each bad field.
import type { z } from 'zod';
import * as registry from './city-registry.ts';
import { CityConfig, type CityConfigInput } from './city-schema.ts';

/** Every city this repository can deploy, by id (city-registry.ts); a deployed bundle holds its own only. */
const cities: Readonly<Record<string, CityConfigInput>> = { ...registry };

export const cityIds: readonly string[] = Object.freeze(Object.keys(cities));

export interface CityConfigIssue {
  /** Where the problem is, e.g. `runtime.servicePoints[2].regionId`. */
  readonly path: string;
  readonly message: string;
}

/** A city's config does not parse; `message` lists every problem, one per line. */
export class CityConfigError extends Error {
  readonly source: string;
  readonly issues: readonly CityConfigIssue[];

  constructor(source: string, issues: readonly CityConfigIssue[]) {
    const lines = issues.map((issue) => `${source}: ${issue.path || '(root)'}: ${issue.message}`);
    super(
      `invalid city config (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'CityConfigError';
    this.source = source;
    this.issues = issues;
  }
}

/** `['runtime', 'servicePoints', 2, 'regionId']` → `runtime.servicePoints[2].regionId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

function toIssues(error: z.ZodError): CityConfigIssue[] {
  return error.issues.flatMap((issue) => {
    // A mistyped key is reported on its own path, so the line names the typo itself.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'unknown field (a typo?)',
      }));
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

/**
 * Parses anything claiming to be a city config. `source` names where it came from (a file,
 * the table) and starts every line of the error.
 */
export function parseCityConfig(input: unknown, source: string): CityConfig {
  const result = CityConfig.safeParse(input);
  if (!result.success) throw new CityConfigError(source, toIssues(result.error));
  return result.data;
}

/** The parsed config of a configured city; an unknown id throws, naming the known ones. */
export function loadCity(id: string): CityConfig {
  const input = Object.hasOwn(cities, id) ? cities[id] : undefined;
  if (!input) {
    throw new Error(`unknown city '${id}': configured cities are ${cityIds.join(', ')}`);
  }
  const source = `functions/config/cities/${id}.ts`;
  const config = parseCityConfig(input, source);
  // The id inside the file is the one stacks and tables are named after; it must be the key.
  if (config.id !== id) {
    throw new CityConfigError(source, [
      { path: 'id', message: `'${config.id}' differs from the registry key '${id}'` },
    ]);
  }
  return config;
}
