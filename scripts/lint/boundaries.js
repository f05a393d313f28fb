// The layering rule (docs/architecture.md, "Layers"): each folder may import its own files and
// the folders of lower layers only, so no upper layer leaks down and no two folders can import
// each other. Folders on one layer do not import each other either. The renderer sees `shared/`
// alone, and only the desktop shell may load Electron.
import boundaries from 'eslint-plugin-boundaries';

/** Lowest first. */
export const LAYERS = [
  ['shared'],
  ['main/logging', 'main/scheduling'],
  ['main/store', 'main/settings'],
  // Below the collector and the event derivation, which put node events in the alert outbox.
  ['main/alerts'],
  ['main/collector', 'main/events'],
  ['main/importers', 'main/jobs', 'main/simulator'],
  ['main/queries'],
  ['main/handlers'],
  ['main/api'],
  ['main/engine'],
  ['main/cli', 'main/electron'],
];

const elementType = (folder) => folder.replace('/', '-');

function layerPolicies() {
  return LAYERS.flatMap((layer, rank) => {
    const below = LAYERS.slice(0, rank).flat().map(elementType);
    return layer.map((folder) => ({
      from: { element: { type: elementType(folder) } },
      allow: { to: { element: { types: { anyOf: [elementType(folder), ...below] } } } },
    }));
  });
}

const elements = [
  ...LAYERS.flat().map((folder) => ({ type: elementType(folder), pattern: folder })),
  { type: 'renderer', pattern: 'renderer' },
];

export default [
  {
    files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.vue'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'import/resolver': { './scripts/lint/typescript-resolver.cjs': {} },
    },
    rules: {
      'boundaries/dependencies': ['error', {
        default: 'disallow',
        checkAllOrigins: true,
        policies: [
          ...layerPolicies(),
          { from: { element: { type: 'renderer' } }, allow: { to: { element: { types: { anyOf: ['renderer', 'shared'] } } } } },
          { allow: { to: { module: { origin: ['external', 'core'] } } } },
          { from: { element: { types: { noneOf: ['main-electron'] } } }, disallow: { to: { module: { source: 'electron' } } } },
        ],
      }],
    },
  },
];
