// Every city this repository can deploy: one export per city, named after its id. Add a city here and nowhere else.
// A deployed function bundles only its own city: the bundler swaps this module for that city's file
// (infra/bundling/function-bundle.ts), so each file exports exactly its city, under its id.
export { wuzhong } from './cities/wuzhong.ts';
export { xixia } from './cities/xixia.ts';
